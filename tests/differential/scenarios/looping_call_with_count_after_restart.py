"""withCount after stop() and start(): Twisted also counts the intervals that passed while it was stopped."""
from twisted.internet.task import Clock, LoopingCall

from trace import emit


def main():
    clock = Clock()
    lc = LoopingCall.withCount(lambda n: emit("count", n, clock.seconds()))
    lc.clock = clock
    lc.start(1)
    clock.advance(1)
    lc.stop()
    clock.advance(5)
    lc.start(1, now=False)
    clock.advance(1)
    lc.stop()
