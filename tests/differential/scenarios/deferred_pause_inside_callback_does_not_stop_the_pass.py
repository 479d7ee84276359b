"""pause() called by a callback on its own Deferred does not stop the rest of the current pass."""
from twisted.internet.defer import Deferred

from trace import emit


def main():
    d = Deferred()

    def pauser(r):
        d.pause()
        emit("paused itself", d.paused)
        return r

    d.addCallback(pauser)
    d.addCallback(lambda r: emit("still runs", r) or r)
    d.callback(1)
    d.addCallback(lambda r: emit("added after", r) or r)
    emit("before unpause")
    d.unpause()
    emit("paused", d.paused)
