"""LineReceiver delivers the same lines however the input is cut into chunks, down to one byte."""
from twisted.internet.testing import StringTransport
from twisted.protocols.basic import LineReceiver

from trace import emit

DATA = b"first\r\nsecond line\r\n\r\nlast\r\npartial"


class Lines(LineReceiver):
    def lineReceived(self, line):
        self.got.append(line.decode())


def main():
    for size in (1, 2, 3, 7, len(DATA)):
        p = Lines()
        p.got = []
        p.makeConnection(StringTransport())
        for i in range(0, len(DATA), size):
            p.dataReceived(DATA[i : i + size])
        emit("chunk size", size, p.got, p.clearLineBuffer().decode())
