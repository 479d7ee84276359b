"""With maxRetries, the factory schedules that many reconnections and then stops retrying."""
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
    f.maxRetries = 3
    c = Connector(clock)
    for i in range(5):
        f.clientConnectionFailed(c, None)
        emit("after failure", f.retries, len(clock.getDelayedCalls()))
        clock.advance(1000)
    emit("attempts", len(c.attempts))
