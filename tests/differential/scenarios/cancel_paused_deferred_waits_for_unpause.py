"""Cancelling a paused unfired Deferred fires it, but its callbacks wait for unpause()."""
from twisted.internet.defer import Deferred

from trace import emit


def main():
    d = Deferred()
    d.addErrback(lambda f: emit("errback", f))
    d.pause()
    d.cancel()
    emit("called while paused", d.called)
    d.unpause()
    emit("unpaused")
