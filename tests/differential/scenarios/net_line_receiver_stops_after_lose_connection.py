"""After a line that loses the connection, the rest stays buffered; each later dataReceived delivers one more line."""
from twisted.internet.testing import StringTransport
from twisted.protocols.basic import LineReceiver

from trace import emit


class Quit(LineReceiver):
    def lineReceived(self, line):
        emit("line", line.decode())
        if line == b"quit":
            self.transport.loseConnection()


def main():
    p = Quit()
    p.makeConnection(StringTransport())
    p.dataReceived(b"hello\r\nquit\r\nx\r\ny\r\n")
    emit("after quit")
    p.dataReceived(b"")
    emit("buffer", p.clearLineBuffer().decode())
