"""pauseProducing from lineReceived stops delivery of the lines already buffered (and pauses the transport) until resumeProducing."""
from twisted.internet.testing import StringTransport
from twisted.protocols.basic import LineReceiver

from trace import emit


class Slow(LineReceiver):
    def lineReceived(self, line):
        emit("line", line.decode())
        if line == b"pause":
            self.pauseProducing()


def main():
    p = Slow()
    t = StringTransport()
    p.makeConnection(t)
    p.dataReceived(b"a\r\npause\r\nb\r\nc")
    emit("state", t.producerState, p.paused)
    p.dataReceived(b"\r\nd\r\n")
    emit("still paused")
    p.resumeProducing()
    emit("state", t.producerState, p.paused)
