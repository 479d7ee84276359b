"""A netstring payload not followed by a comma closes the connection, once the whole payload has arrived."""
from twisted.internet.testing import StringTransport
from twisted.protocols.basic import NetstringReceiver

from trace import emit


class N(NetstringReceiver):
    def stringReceived(self, s):
        emit("string", s.decode())


def main():
    for bad in [b"1:ab", b"3:abc;", b"3:ab", b"0:x"]:
        p = N()
        t = StringTransport()
        p.makeConnection(t)
        p.dataReceived(b"2:ok," + bad)
        emit("after", bad.decode(), bool(p.brokenPeer), t.disconnecting)
