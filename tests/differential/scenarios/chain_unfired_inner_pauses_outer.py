"""A callback returning an unfired Deferred pauses the outer; inner callbacks added before run first, those added after see None."""
from twisted.internet.defer import Deferred

from trace import emit


def main():
    inner = Deferred()
    inner.addCallback(lambda r: emit("inner before", r) or r + "!")
    outer = Deferred()
    outer.addCallback(lambda r: inner)
    outer.addCallback(lambda r: emit("outer resumed", r) or "outer done")
    outer.callback("start")
    emit("outer waiting", outer.called, outer.paused, outer.result)
    inner.addCallback(lambda r: emit("inner after", r) or "ignored")
    outer.addCallback(lambda r: emit("outer added while waiting", r) or r)
    inner.callback("inner")
    emit("outer finally", outer.paused, outer.result)
    emit("inner finally", inner.result)
