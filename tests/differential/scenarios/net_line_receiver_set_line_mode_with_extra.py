"""rawDataReceived can take some bytes and give the rest back with setLineMode(extra), which are parsed as lines at once."""
from twisted.internet.testing import StringTransport
from twisted.protocols.basic import LineReceiver

from trace import emit


class Sized(LineReceiver):
    def lineReceived(self, line):
        emit("line", line.decode())
        self.setRawMode()

    def rawDataReceived(self, data):
        emit("raw", data[:2].decode())
        self.setLineMode(data[2:])


def main():
    p = Sized()
    p.makeConnection(StringTransport())
    p.dataReceived(b"a\r\nXYb\r\nZWc\r\nQ")
    p.dataReceived(b"Rd\r\n")
