"""Netstrings arrive whole however the input is cut, including inside the length and the comma."""
from twisted.internet.testing import StringTransport
from twisted.protocols.basic import NetstringReceiver

from trace import emit

DATA = b"12:hello world!,0:,3:a,b,10:0123456789,"


class N(NetstringReceiver):
    def stringReceived(self, s):
        self.got.append(s.decode())


def main():
    for size in (1, 2, 5, len(DATA)):
        p = N()
        p.got = []
        p.makeConnection(StringTransport())
        for i in range(0, len(DATA), size):
            p.dataReceived(DATA[i : i + size])
        emit("chunk size", size, p.got, bool(p.brokenPeer))
