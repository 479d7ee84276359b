"""The outer returns an already-fired middle Deferred that itself waits on an inner: the middle's callbacks run when the inner fires, then the outer's."""
from twisted.internet.defer import Deferred, succeed

from trace import emit


def main():
    inner = Deferred()
    middle = succeed("m")
    middle.addCallback(lambda r: emit("middle first", r) or inner)
    middle.addCallback(lambda r: emit("middle second", r) or r + "+middle")
    outer = Deferred()
    outer.addCallback(lambda r: middle)
    outer.addCallback(lambda r: emit("outer", r))
    outer.callback("o")
    emit("waiting", middle.paused, outer.paused)
    inner.callback("i")
    emit("done", middle.paused, outer.paused)
