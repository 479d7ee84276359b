"""Cancelling an unfired DeferredList cancels every member; a member whose canceller calls back contributes its value."""
from twisted.internet.defer import Deferred, DeferredList, succeed

from trace import emit


def main():
    a = Deferred()
    b = Deferred(lambda d: d.callback("b from canceller"))
    c = succeed("c already")
    dl = DeferredList([a, b, c], consumeErrors=True)
    dl.addCallback(lambda r: emit("list", r))
    dl.cancel()
    emit("a", a.called)

    x = Deferred(lambda d: emit("x canceller must not run after the list fired"))
    fired = DeferredList([x, succeed(1)], fireOnOneCallback=True)
    fired.addCallback(lambda r: emit("fired early", r))
    fired.cancel()
    emit("x still unfired", x.called)
