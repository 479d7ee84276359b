"""gatherResults gives plain values in input order, or FirstError for the first failure in firing order."""
from twisted.internet.defer import Deferred, gatherResults, succeed

from trace import emit


def main():
    a = Deferred()
    g = gatherResults([a, succeed(2), succeed(None)])
    g.addCallback(lambda r: emit("values", r))
    a.callback(1)

    x = Deferred()
    y = Deferred()
    bad = gatherResults([x, y], consumeErrors=True)

    def eb(f):
        emit("failed", f, f.value.index, f.value.subFailure)

    bad.addErrback(eb)
    y.errback(ValueError("y first"))
    x.errback(ValueError("x second"))
    emit("members", x.result, y.result)
