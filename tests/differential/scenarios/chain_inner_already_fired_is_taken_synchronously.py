"""A callback returning an already-fired Deferred: the outer goes on at once with its result, and the inner is left holding None."""
from twisted.internet.defer import Deferred, succeed

from trace import emit


def main():
    inner = succeed("inner value")
    outer = Deferred()
    outer.addCallback(lambda r: inner)
    outer.addCallback(lambda r: emit("outer got", r) or "outer done")
    outer.callback("start")
    emit("outer", outer.paused, outer.result)
    emit("inner result now", inner.result)
    inner.addCallback(lambda r: emit("late inner callback", r))
