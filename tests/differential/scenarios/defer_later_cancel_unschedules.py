"""Cancelling deferLater's Deferred unschedules the call: it errbacks CancelledError and the function never runs."""
from twisted.internet.task import Clock, deferLater

from trace import emit


def main():
    clock = Clock()
    d = deferLater(clock, 5, lambda: emit("must not run"))
    d.addErrback(lambda f: emit("cancelled", f))
    clock.advance(1)
    d.cancel()
    emit("pending", len(clock.getDelayedCalls()))
    clock.advance(10)
