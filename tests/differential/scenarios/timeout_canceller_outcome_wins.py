"""When the timeout cancels, a canceller that calls back provides the result; one that errbacks with another error keeps that error."""
from twisted.internet.defer import Deferred
from twisted.internet.task import Clock

from trace import emit


def main():
    clock = Clock()
    d = Deferred(lambda d: d.callback("canceller's value"))
    d.addTimeout(1, clock)
    d.addBoth(lambda r: emit("calling-back canceller", r))

    e = Deferred(lambda d: d.errback(ValueError("canceller's error")))
    e.addTimeout(1, clock)
    e.addBoth(lambda r: emit("errbacking canceller", r))

    def swallow(f):
        emit("errback inside the timeout swallows", f)
        return "swallowed"

    g = Deferred()
    g.addErrback(swallow)
    g.addTimeout(1, clock)
    g.addBoth(lambda r: emit("after swallowing", r))
    clock.advance(1)
