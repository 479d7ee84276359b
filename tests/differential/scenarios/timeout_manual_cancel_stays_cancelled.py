"""Cancelling by hand before the deadline leaves CancelledError (not TimeoutError) and stops the timer."""
from twisted.internet.defer import Deferred
from twisted.internet.task import Clock

from trace import emit


def main():
    clock = Clock()
    d = Deferred()
    d.addTimeout(5, clock)
    d.addBoth(lambda r: emit("result", r))
    clock.advance(1)
    d.cancel()
    emit("timer pending", len(clock.getDelayedCalls()))
    clock.advance(10)
    emit("done")
