"""pauseProducing from stringReceived holds the strings already buffered until resumeProducing."""
from twisted.internet.testing import StringTransport
from twisted.protocols.basic import Int8StringReceiver

from trace import emit


class P(Int8StringReceiver):
    def stringReceived(self, s):
        emit("string", s.decode())
        if s == b"wait":
            self.pauseProducing()


def main():
    p = P()
    t = StringTransport()
    p.makeConnection(t)
    p.dataReceived(b"\x01a\x04wait\x01b\x01")
    emit("paused", p.paused, t.producerState)
    p.dataReceived(b"c")
    emit("still paused")
    p.resumeProducing()
    emit("resumed", p.paused, t.producerState)
