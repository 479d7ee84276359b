"""deferLater's function returning a Deferred: the result waits for that Deferred."""
from twisted.internet.defer import Deferred
from twisted.internet.task import Clock, deferLater

from trace import emit


def main():
    clock = Clock()
    inner = Deferred()
    d = deferLater(clock, 1, lambda: inner)
    d.addCallback(lambda r: emit("result", r, clock.seconds()))
    clock.advance(1)
    emit("waiting on the inner Deferred", d.called, d.paused)
    clock.callLater(2, inner.callback, "inner value")
    clock.advance(2)
