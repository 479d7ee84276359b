"""LoopingCall.withCount passes the number of intervals elapsed since the last call, counting skipped ones."""
from twisted.internet.task import Clock, LoopingCall

from trace import emit


def main():
    clock = Clock()
    lc = LoopingCall.withCount(lambda n: emit("count", n, clock.seconds()))
    lc.clock = clock
    lc.start(1)
    clock.advance(1)
    clock.advance(3)
    clock.advance(0.5)
    clock.advance(0.5)
    lc.stop()

    tenth = LoopingCall.withCount(lambda n: counts.append(n))
    counts = []
    tenth.clock = clock
    tenth.start(0.1, now=False)
    for _ in range(20):
        clock.advance(0.1)
    clock.advance(1)
    tenth.stop()
    emit("0.1 intervals", sum(counts), len(counts))
