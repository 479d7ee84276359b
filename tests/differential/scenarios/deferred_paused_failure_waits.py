"""A paused Deferred that fails keeps the Failure until it is unpaused."""
from twisted.internet.defer import Deferred

from trace import emit


def main():
    d = Deferred()
    d.pause()
    d.errback(ValueError("held"))
    d.addErrback(lambda f: emit("errback", f) or "handled")
    emit("still paused", d.paused)
    d.unpause()
    d.addCallback(lambda r: emit("after", r))
