"""LoopingCall runs on interval boundaries from its start time; when time jumps past several, it runs once and skips the missed ones."""
from twisted.internet.task import Clock, LoopingCall

from trace import emit


def main():
    clock = Clock()
    lc = LoopingCall(lambda: emit("tick", clock.seconds()))
    lc.clock = clock
    lc.start(2)
    clock.advance(1)
    clock.advance(1)
    clock.advance(2)
    clock.advance(7)
    emit("next call at", [c.getTime() for c in clock.getDelayedCalls()])
    clock.advance(1)
    lc.stop()
    emit("running", lc.running, len(clock.getDelayedCalls()))

    late = LoopingCall(lambda: emit("late start tick", clock.seconds()))
    late.clock = clock
    late.start(3, now=False)
    clock.advance(3)
    late.stop()
