"""LoopingCall.reset() restarts the interval from now: the next call is a full interval later."""
from twisted.internet.task import Clock, LoopingCall

from trace import emit


def main():
    clock = Clock()
    lc = LoopingCall(lambda: emit("tick", clock.seconds()))
    lc.clock = clock
    lc.start(3)
    clock.advance(2)
    lc.reset()
    emit("next at", [c.getTime() for c in clock.getDelayedCalls()])
    clock.advance(3)
    lc.stop()
