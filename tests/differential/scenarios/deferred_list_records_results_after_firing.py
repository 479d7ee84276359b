"""A DeferredList that already fired (fireOnOneErrback) still records later results, and still consumes later failures."""
from twisted.internet.defer import Deferred, DeferredList

from trace import emit


def main():
    a = Deferred()
    b = Deferred()
    c = Deferred()
    dl = DeferredList([a, b, c], fireOnOneErrback=True, consumeErrors=True)
    dl.addErrback(lambda f: emit("fired early", f.value.index) or None)
    a.errback(ValueError("a"))
    b.callback("b later")
    c.errback(TypeError("c later"))
    emit("resultList", dl.resultList)
    emit("members hold", a.result, b.result, c.result)
