"""LoopingCall started with now=False and reset before its first call: the first call moves to one interval after the reset."""
from twisted.internet.task import Clock, LoopingCall

from trace import emit


def main():
    clock = Clock()
    lc = LoopingCall(lambda: emit("tick", clock.seconds()))
    lc.clock = clock
    lc.start(4, now=False)
    clock.advance(3)
    lc.reset()
    clock.advance(3)
    emit("not yet")
    clock.advance(1)
    clock.advance(4)
    lc.stop()
