"""A paused inner Deferred that already has a result is chained, not taken: the outer waits for unpause()."""
from twisted.internet.defer import Deferred

from trace import emit


def main():
    inner = Deferred()
    inner.callback("ready")
    inner.pause()
    outer = Deferred()
    outer.addCallback(lambda r: inner)
    outer.addCallback(lambda r: emit("outer got", r))
    outer.callback(None)
    emit("outer waits", outer.paused, outer.result)
    inner.unpause()
    emit("after unpause", outer.paused, inner.result)
