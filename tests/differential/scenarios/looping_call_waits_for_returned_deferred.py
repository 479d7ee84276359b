"""A LoopingCall whose function returns a Deferred waits for it before scheduling the next boundary; stop() meanwhile fires when it completes."""
from twisted.internet.defer import Deferred
from twisted.internet.task import Clock, LoopingCall

from trace import emit


def main():
    clock = Clock()
    pending = []

    def f():
        emit("call", clock.seconds())
        d = Deferred()
        pending.append(d)
        return d

    lc = LoopingCall(f)
    lc.clock = clock
    lc.start(2).addCallback(lambda r: emit("start Deferred fired", clock.seconds()))
    clock.advance(5)
    emit("nothing scheduled while waiting", len(clock.getDelayedCalls()))
    pending[0].callback(None)
    emit("next at", [c.getTime() for c in clock.getDelayedCalls()])
    clock.advance(1)
    lc.stop()
    emit("stop while waiting", lc.running)
    clock.advance(3)
    pending[1].callback(None)
