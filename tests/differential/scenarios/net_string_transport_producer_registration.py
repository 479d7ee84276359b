"""StringTransport shows the registered producer and streaming flag, refuses a second producer and an unregister with none, and tracks its own producer state."""
from twisted.internet.testing import StringTransport

from trace import emit


class Producer:
    def pauseProducing(self):
        pass

    def resumeProducing(self):
        pass

    def stopProducing(self):
        pass


def main():
    t = StringTransport()
    p = Producer()
    t.registerProducer(p, True)
    emit("registered", t.producer is p, t.streaming)
    try:
        t.registerProducer(Producer(), False)
    except RuntimeError as e:
        emit("second refused", True)
    t.unregisterProducer()
    emit("unregistered", t.producer, t.streaming)
    try:
        t.unregisterProducer()
    except RuntimeError as e:
        emit("nothing to unregister", True)
    t.pauseProducing()
    emit("state", t.producerState)
    t.stopProducing()
    try:
        t.resumeProducing()
    except RuntimeError as e:
        emit("resume refused", t.producerState)
