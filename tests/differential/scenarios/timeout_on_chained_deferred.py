"""addTimeout on a Deferred waiting on an inner one: the timeout cancels the inner, and the outer gets TimeoutError."""
from twisted.internet.defer import Deferred
from twisted.internet.task import Clock

from trace import emit


def main():
    clock = Clock()
    inner = Deferred(lambda d: emit("inner canceller", clock.seconds()))
    outer = Deferred()
    outer.addCallback(lambda r: inner)
    outer.addTimeout(4, clock)
    outer.addBoth(lambda r: emit("outer", r))
    outer.callback(None)
    clock.advance(4)
    emit("inner", inner.called)
