"""After a parse error, every later call that brings or finds data loses the connection again and delivers nothing."""
from twisted.internet.testing import StringTransport
from twisted.protocols.basic import NetstringReceiver

from trace import emit


class Counting(StringTransport):
    losses = 0

    def loseConnection(self):
        self.losses += 1
        StringTransport.loseConnection(self)


def main():
    for bad in [b"x", b"1:ab"]:
        p = NetstringReceiver()
        p.stringReceived = lambda s: emit("string", s.decode())
        t = Counting()
        p.makeConnection(t)
        p.dataReceived(bad)
        emit("error", bad.decode(), t.losses)
        p.dataReceived(b"")
        emit("empty call", t.losses)
        p.dataReceived(b"3:abc,")
        emit("more data", t.losses)
