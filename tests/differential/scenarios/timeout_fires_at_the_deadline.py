"""addTimeout cancels the Deferred exactly at the deadline and turns the CancelledError into TimeoutError; callbacks added before see CancelledError."""
from twisted.internet.defer import Deferred, TimeoutError
from twisted.internet.task import Clock

from trace import emit


def main():
    clock = Clock()
    d = Deferred(lambda d: emit("canceller", clock.seconds()))
    d.addErrback(lambda f: emit("inside the timeout", f) or f)
    d.addTimeout(10, clock)
    d.addErrback(lambda f: emit("after addTimeout", f, f.check(TimeoutError) is TimeoutError))
    clock.advance(9.999)
    emit("not yet", d.called)
    clock.advance(0.001)
    emit("timed out", d.called, len(clock.getDelayedCalls()))
