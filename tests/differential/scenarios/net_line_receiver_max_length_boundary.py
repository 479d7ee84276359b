"""A line of exactly MAX_LENGTH is delivered; one byte more gives lineLengthExceeded that line, its delimiter and what follows."""
from twisted.internet.testing import StringTransport
from twisted.protocols.basic import LineReceiver

from trace import emit


class Lines(LineReceiver):
    MAX_LENGTH = 5

    def lineReceived(self, line):
        emit("line", line.decode())

    def lineLengthExceeded(self, line):
        emit("exceeded", line.decode())


def main():
    p = Lines()
    p.makeConnection(StringTransport())
    p.dataReceived(b"12345\r\n123456\r\nrest\r\n")
    emit("buffer", p.clearLineBuffer().decode())
    p.dataReceived(b"ok\r\n")
