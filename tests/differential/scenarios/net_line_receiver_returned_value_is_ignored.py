"""A lineReceived that returns a value: Twisted 22.4 stops delivering the chunk's lines there (the rest waits for the next dataReceived); twisted-ts ignores the value."""
from twisted.internet.testing import StringTransport
from twisted.protocols.basic import LineReceiver

from trace import emit


class Returning(LineReceiver):
    def lineReceived(self, line):
        emit("line", line.decode())
        if line == b"a":
            return "stop"


def main():
    p = Returning()
    p.makeConnection(StringTransport())
    p.dataReceived(b"a\r\nb\r\nc\r\n")
    emit("next chunk")
    p.dataReceived(b"d\r\n")
