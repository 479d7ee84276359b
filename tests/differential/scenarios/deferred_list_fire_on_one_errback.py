"""fireOnOneErrback fails with FirstError(subFailure, index) at the first failure; consumeErrors leaves members holding None."""
from twisted.internet.defer import Deferred, DeferredList, FirstError

from trace import emit


def main():
    a = Deferred()
    b = Deferred()
    dl = DeferredList([a, b], fireOnOneErrback=True, consumeErrors=True)

    def eb(f):
        emit("list failed", f, f.check(FirstError) is FirstError)
        emit("index and subFailure", f.value.index, f.value.subFailure)
        return "handled"

    dl.addErrback(eb)
    a.callback("a ok")
    emit("one success fires nothing", dl.called)
    b.errback(ValueError("b failed"))
    emit("b consumed", b.result)
