"""A write after loseConnection: Twisted's StringTransport records it; ours refuses it, unless a producer is registered."""
from twisted.internet.testing import StringTransport

from trace import emit


class Producer:
    def resumeProducing(self):
        pass

    def stopProducing(self):
        pass


def main():
    t = StringTransport()
    t.write(b"bye")
    t.loseConnection()
    try:
        t.write(b" late")
        emit("late write accepted")
    except Exception:
        emit("late write refused")
    emit("value", t.value().decode())
    u = StringTransport()
    u.registerProducer(Producer(), False)
    u.loseConnection()
    u.write(b"producer finishing")
    emit("with a producer", u.value().decode())
