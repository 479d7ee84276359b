"""A netstring whose length has a leading zero, is missing, or is not digits closes the connection and marks the peer broken."""
from twisted.internet.testing import StringTransport
from twisted.protocols.basic import NetstringReceiver

from trace import emit


class N(NetstringReceiver):
    def stringReceived(self, s):
        emit("string", s.decode())


def main():
    for bad in [b"01:a,", b":a,", b"x", b"1x:a,", b"0", b"00"]:
        p = N()
        t = StringTransport()
        p.makeConnection(t)
        p.dataReceived(b"2:ok," + bad)
        emit("after", bad.decode(), bool(p.brokenPeer), t.disconnecting)
