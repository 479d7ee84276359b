"""Without jitter, each failure multiplies the delay by e up to maxDelay, and the reconnection happens exactly that long after it, on the clock."""
from twisted.internet.protocol import ReconnectingClientFactory
from twisted.internet.task import Clock

from trace import emit


class Connector:
    def __init__(self, clock):
        self.clock = clock
        self.attempts = []

    def connect(self):
        self.attempts.append(self.clock.seconds())

    def stopConnecting(self):
        emit("stopConnecting")

    def getDestination(self):
        return None


def main():
    clock = Clock()
    f = ReconnectingClientFactory()
    f.clock = clock
    f.jitter = 0
    f.maxDelay = 60
    c = Connector(clock)
    for i in range(7):
        f.clientConnectionFailed(c, None)
        emit("retry", f.retries, f.delay)
        clock.advance(f.delay)
    emit("attempts", c.attempts)
