"""clearLineBuffer called from lineReceived returns the rest of the chunk being parsed (and data fed meanwhile), and none of it is delivered."""
from twisted.internet.testing import StringTransport
from twisted.protocols.basic import LineReceiver

from trace import emit


class Switch(LineReceiver):
    def lineReceived(self, line):
        emit("line", line.decode())
        if line == b"SWITCH":
            self.dataReceived(b"later\r\n")
            emit("cleared", self.clearLineBuffer().decode())
            emit("cleared again", self.clearLineBuffer().decode())


def main():
    p = Switch()
    p.makeConnection(StringTransport())
    p.dataReceived(b"a\r\nSWITCH\r\nb\r\nc\r\npartial")
    emit("after the chunk", p.clearLineBuffer().decode())
    p.dataReceived(b"d\r\n")
