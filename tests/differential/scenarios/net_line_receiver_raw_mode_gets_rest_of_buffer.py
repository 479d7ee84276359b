"""setRawMode from lineReceived sends everything still buffered to rawDataReceived as one chunk, and later data too."""
from twisted.internet.testing import StringTransport
from twisted.protocols.basic import LineReceiver

from trace import emit


class Headers(LineReceiver):
    def lineReceived(self, line):
        emit("line", line.decode())
        if not line:
            self.setRawMode()

    def rawDataReceived(self, data):
        emit("raw", data.decode())


def main():
    p = Headers()
    p.makeConnection(StringTransport())
    p.dataReceived(b"Host: x\r\nLen: 9\r\n\r\nbody\r\nmo")
    p.dataReceived(b"re")
    p.dataReceived(b"")
