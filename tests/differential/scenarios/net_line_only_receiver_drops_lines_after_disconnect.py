"""LineOnlyReceiver checks disconnecting before each line: the lines after one that closed the connection are dropped, and sendLine uses writeSequence."""
from twisted.internet.testing import StringTransport
from twisted.protocols.basic import LineOnlyReceiver

from trace import emit


class Lines(LineOnlyReceiver):
    def lineReceived(self, line):
        emit("line", line.decode())
        if line == b"quit":
            self.sendLine(b"bye")
            self.transport.loseConnection()


def main():
    p = Lines()
    t = StringTransport()
    p.makeConnection(t)
    p.dataReceived(b"a\r\nquit\r\nb\r\npart")
    p.dataReceived(b"ial\r\n")
    emit("sent", t.value().decode())
