"""Data given to dataReceived from inside lineReceived is parsed after the data already buffered."""
from twisted.internet.testing import StringTransport
from twisted.protocols.basic import LineReceiver

from trace import emit


class Reenter(LineReceiver):
    def lineReceived(self, line):
        emit("line", line.decode())
        if line == b"a":
            self.dataReceived(b"inner\r\n")


def main():
    p = Reenter()
    p.makeConnection(StringTransport())
    p.dataReceived(b"a\r\nb\r\nc")
    p.dataReceived(b"\r\n")
