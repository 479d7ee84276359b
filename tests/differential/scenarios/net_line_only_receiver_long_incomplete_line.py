"""LineOnlyReceiver reports an incomplete line longer than MAX_LENGTH (and keeps it buffered), and a long complete line, dropping what follows."""
from twisted.internet.testing import StringTransport
from twisted.protocols.basic import LineOnlyReceiver

from trace import emit


class Lines(LineOnlyReceiver):
    MAX_LENGTH = 3

    def lineReceived(self, line):
        emit("line", line.decode())

    def lineLengthExceeded(self, line):
        emit("exceeded", line.decode())


def main():
    p = Lines()
    p.makeConnection(StringTransport())
    p.dataReceived(b"ab\r\nabcd")
    p.dataReceived(b"e")
    q = Lines()
    q.makeConnection(StringTransport())
    q.dataReceived(b"x\r\nlonger\r\ny\r\n")
