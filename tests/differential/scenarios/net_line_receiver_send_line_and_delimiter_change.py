"""sendLine writes the line and the current delimiter; changing the delimiter changes both parsing and sending."""
from twisted.internet.testing import StringTransport
from twisted.protocols.basic import LineReceiver

from trace import emit


class Lines(LineReceiver):
    def lineReceived(self, line):
        emit("line", line.decode())
        if line == b"switch":
            self.delimiter = b"\n"


def main():
    p = Lines()
    t = StringTransport()
    p.makeConnection(t)
    p.sendLine(b"hello")
    p.dataReceived(b"switch\r\nx\ny\r\n")
    p.sendLine(b"bye")
    emit("sent", t.value().decode())
