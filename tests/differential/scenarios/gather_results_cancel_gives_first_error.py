"""Cancelling gatherResults cancels its members; the result is FirstError wrapping the first member's CancelledError."""
from twisted.internet.defer import Deferred, gatherResults

from trace import emit


def main():
    a = Deferred(lambda d: emit("a cancelled"))
    b = Deferred(lambda d: emit("b cancelled"))
    g = gatherResults([a, b], consumeErrors=True)
    g.addErrback(lambda f: emit("gathered", f, f.value.index, f.value.subFailure))
    g.cancel()
    emit("members", a.called, b.called)

    x = Deferred(lambda d: d.callback("x value"))
    y = Deferred(lambda d: d.callback("y value"))
    ok = gatherResults([x, y])
    ok.addCallback(lambda r: emit("cancellers called back", r))
    ok.cancel()
