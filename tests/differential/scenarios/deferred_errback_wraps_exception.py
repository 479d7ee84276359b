"""errback(exception) wraps it in a Failure; errback(aFailure) passes that very Failure."""
from twisted.internet.defer import Deferred, fail
from twisted.python.failure import Failure

from trace import emit


def main():
    exc = ValueError("wrapped")
    d = Deferred()
    d.addErrback(lambda f: emit("wrapped", f, isinstance(f, Failure), f.value is exc, f.type is ValueError))
    d.errback(exc)

    given = Failure(TypeError("given"))
    d2 = Deferred()
    d2.addErrback(lambda f: emit("same object", f is given))
    d2.errback(given)

    copy = Failure(given)
    emit("copy shares value", copy.value is given.value, copy.getErrorMessage())

    fail(exc).addErrback(lambda f: emit("fail()", f, f.value is exc))
