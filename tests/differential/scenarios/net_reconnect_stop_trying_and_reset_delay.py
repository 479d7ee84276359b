"""stopTrying cancels the pending reconnection and stops the connector; resetDelay restores the initial delay and lets it retry again."""
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
    c = Connector(clock)
    f.clientConnectionLost(c, None)
    f.clientConnectionLost(c, None)
    emit("before stop", f.retries, f.delay, len(clock.getDelayedCalls()))
    f.stopTrying()
    emit("stopped", bool(f.continueTrying), len(clock.getDelayedCalls()))
    f.clientConnectionLost(c, None)
    emit("ignored", f.retries)
    f.resetDelay()
    emit("reset", f.retries, f.delay, bool(f.continueTrying))
    f.clientConnectionLost(c, None)
    clock.advance(f.delay)
    emit("attempts", c.attempts)
