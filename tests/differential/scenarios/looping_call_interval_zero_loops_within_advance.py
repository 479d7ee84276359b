"""A LoopingCall with interval 0 on a Clock runs again within the same advance until it is stopped."""
from twisted.internet.task import Clock, LoopingCall

from trace import emit


def main():
    clock = Clock()
    n = []

    def step():
        n.append(1)
        emit("step", len(n), clock.seconds())
        if len(n) == 3:
            lc.stop()

    lc = LoopingCall(step)
    lc.clock = clock
    d = lc.start(0, now=False)
    d.addCallback(lambda r: emit("stopped", r is lc))
    clock.advance(0)
    emit("pending", len(clock.getDelayedCalls()))

    counted = LoopingCall.withCount(lambda c: emit("withCount at interval 0", c) or counted.stop())
    counted.clock = clock
    counted.start(0)
