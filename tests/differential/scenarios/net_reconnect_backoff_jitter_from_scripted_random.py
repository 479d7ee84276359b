"""With jitter, each delay is a normal draw (Python's normalvariate) around delay * factor: the same uniforms give the same delays."""
import random

import twisted.internet.protocol as protocol_module
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


UNIFORMS = [0.9, 0.3, 0.1, 0.8, 0.45, 0.6, 0.7, 0.05, 0.02, 0.99, 0.5, 0.5, 0.33, 0.77, 0.2, 0.9, 0.6, 0.4]


class Scripted(random.Random):
    def __init__(self, values):
        self.values = list(values)
        super().__init__(0)

    def random(self):
        return self.values.pop(0)


def main():
    saved = protocol_module.random
    protocol_module.random = Scripted(UNIFORMS)
    try:
        clock = Clock()
        f = ReconnectingClientFactory()
        f.clock = clock
        f.maxDelay = 30
        c = Connector(clock)
        for i in range(6):
            f.clientConnectionLost(c, None)
            emit("delay", f.delay)
            clock.advance(f.delay)
        emit("attempts", len(c.attempts), [round(t, 9) for t in c.attempts])
    finally:
        protocol_module.random = saved
