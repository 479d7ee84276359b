"""d1.chainDeferred(d2): firing d1 fires d2 with the same result or Failure; d1 is left holding None."""
from twisted.internet.defer import Deferred

from trace import emit


def main():
    d1 = Deferred()
    d2 = Deferred()
    d2.addCallback(lambda r: emit("d2 got", r) or "d2 done")
    d1.chainDeferred(d2)
    d1.addCallback(lambda r: emit("d1 after chaining", r))
    d1.callback("value")
    emit("results", d1.result, d2.result)

    e1 = Deferred()
    e2 = Deferred()
    e2.addErrback(lambda f: emit("e2 errback", f))
    e1.chainDeferred(e2)
    e1.addBoth(lambda r: emit("e1 after chaining", r))
    e1.errback(ValueError("shared failure"))
