"""By default a line over MAX_LENGTH loses the connection; the lines before it were delivered."""
from twisted.internet.testing import StringTransport
from twisted.protocols.basic import LineReceiver

from trace import emit


class Lines(LineReceiver):
    MAX_LENGTH = 3

    def lineReceived(self, line):
        emit("line", line.decode())


def main():
    p = Lines()
    t = StringTransport()
    p.makeConnection(t)
    p.dataReceived(b"ab\r\ntoo long\r\ncd\r\n")
    emit("disconnecting", t.disconnecting)
