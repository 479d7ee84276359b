"""If the outer is paused when the inner fires, the value parks in the outer; inner callbacks queued behind it stall until the inner runs again."""
from twisted.internet.defer import Deferred

from trace import emit


def main():
    inner = Deferred()
    outer = Deferred()
    outer.addCallback(lambda r: inner)
    outer.addCallback(lambda r: emit("outer got", r) or r)
    outer.callback(None)
    inner.addCallback(lambda r: emit("inner after chaining", r) or "x")
    outer.pause()
    inner.callback("value")
    emit("parked", outer.paused, outer.result)
    outer.unpause()
    emit("outer unpaused", outer.paused, outer.result)
    emit("inner stalled?", inner.result)
    inner.addCallback(lambda r: emit("inner kicked", r))
