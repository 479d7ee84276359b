"""An incomplete line is refused once the buffer reaches MAX_LENGTH plus the delimiter's length, not before."""
from twisted.internet.testing import StringTransport
from twisted.protocols.basic import LineReceiver

from trace import emit


class Lines(LineReceiver):
    MAX_LENGTH = 4

    def lineLengthExceeded(self, line):
        emit("exceeded", line.decode())


def main():
    p = Lines()
    p.makeConnection(StringTransport())
    for chunk in [b"abc", b"de", b"f", b"g"]:
        emit("feed", chunk.decode())
        p.dataReceived(chunk)
