"""LoopingCall stopped while its function's Deferred is pending, then started again: in Twisted the first run's Deferred never fires and both runs keep looping."""
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
    lc.start(1).addBoth(lambda r: emit("first run ended", r is lc))
    lc.stop()
    lc.start(1).addBoth(lambda r: emit("second run ended", r is lc))
    emit("outstanding", len(pending))
    pending[0].callback(None)
    pending[1].callback(None)
    clock.advance(1)
    emit("scheduled calls", len(clock.getDelayedCalls()))
    for d in pending[2:]:
        d.callback(None)
    lc.stop()
