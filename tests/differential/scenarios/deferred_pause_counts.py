"""pause() counts: callbacks wait until as many unpause() calls have been made."""
from twisted.internet.defer import Deferred

from trace import emit


def main():
    d = Deferred()
    d.addCallback(lambda r: emit("callback", r) or r)
    d.pause()
    d.pause()
    d.callback("value")
    emit("paused after fire", d.paused)
    d.addCallback(lambda r: emit("added while paused", r))
    d.unpause()
    emit("after first unpause", d.paused)
    d.unpause()
    emit("after second unpause", d.paused)
