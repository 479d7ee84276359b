"""An exception from a LoopingCall's function stops it and fails the Deferred from start(); stop() fires it with the LoopingCall."""
from twisted.internet.task import Clock, LoopingCall

from trace import emit


def main():
    clock = Clock()
    calls = []

    def f():
        calls.append(clock.seconds())
        if len(calls) == 3:
            raise ValueError("third call failed")

    lc = LoopingCall(f)
    lc.clock = clock
    lc.start(1).addErrback(lambda e: emit("start Deferred", e, lc.running))
    clock.pump([1, 1, 1, 1])
    emit("calls", calls, len(clock.getDelayedCalls()))

    ok = LoopingCall(lambda: None)
    ok.clock = clock
    ok.start(1).addCallback(lambda r: emit("stopped with itself", r is ok))
    ok.stop()
