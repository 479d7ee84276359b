"""TimeoutMixin: the connection is lost after the idle period, resetTimeout restarts it, setTimeout(None) cancels it and returns the old period."""
from twisted.internet.task import Clock
from twisted.internet.testing import StringTransport
from twisted.protocols.basic import LineReceiver
from twisted.protocols.policies import TimeoutMixin

from trace import emit


class Idle(LineReceiver, TimeoutMixin):
    def connectionMade(self):
        self.setTimeout(10)

    def lineReceived(self, line):
        self.resetTimeout()
        emit("line", line.decode(), self.clock.seconds())

    def timeoutConnection(self):
        emit("timeout at", self.clock.seconds())
        TimeoutMixin.timeoutConnection(self)


def main():
    clock = Clock()
    p = Idle()
    p.clock = clock
    p.callLater = clock.callLater
    t = StringTransport()
    p.makeConnection(t)
    clock.advance(8)
    p.dataReceived(b"ping\r\n")
    clock.advance(8)
    emit("still open", t.disconnecting)
    clock.advance(2)
    emit("closed", t.disconnecting)
    q = Idle()
    q.clock = clock
    q.callLater = clock.callLater
    q.makeConnection(StringTransport())
    emit("cancel returns", q.setTimeout(None))
    clock.advance(100)
    emit("pending calls", len(clock.getDelayedCalls()))
