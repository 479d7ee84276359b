"""Cancelling an outer Deferred that waits on an inner one cancels the inner (not the outer's canceller), through several levels."""
from twisted.internet.defer import Deferred

from trace import emit


def main():
    innermost = Deferred(lambda d: emit("innermost canceller"))
    middle = Deferred(lambda d: emit("middle canceller must not run"))
    middle.addCallback(lambda r: innermost)
    outer = Deferred(lambda d: emit("outer canceller must not run"))
    outer.addCallback(lambda r: middle)
    outer.addBoth(lambda r: emit("outer outcome", r))
    middle.callback(None)
    outer.callback(None)
    outer.cancel()
    emit("states", innermost.called, middle.paused, outer.paused)
