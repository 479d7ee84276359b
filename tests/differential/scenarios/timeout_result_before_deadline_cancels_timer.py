"""A result (or failure) before the deadline passes through addTimeout and cancels its timer."""
from twisted.internet.defer import Deferred
from twisted.internet.task import Clock

from trace import emit


def main():
    clock = Clock()
    d = Deferred(lambda d: emit("canceller must not run"))
    d.addTimeout(5, clock)
    d.addBoth(lambda r: emit("result", r))
    emit("timer pending", len(clock.getDelayedCalls()))
    clock.advance(4)
    d.callback("in time")
    emit("timer pending", len(clock.getDelayedCalls()))
    clock.advance(10)

    e = Deferred()
    e.addTimeout(5, clock)
    e.addBoth(lambda r: emit("failure", r))
    e.errback(ValueError("failed in time"))
    emit("timer pending", len(clock.getDelayedCalls()))
