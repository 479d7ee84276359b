"""maybeDeferred: a value is wrapped, a raise becomes a failed Deferred, a Deferred is returned as is, a Failure is failed with."""
from twisted.internet.defer import Deferred, maybeDeferred
from twisted.python.failure import Failure

from trace import emit


def main():
    maybeDeferred(lambda a, b: a + b, 2, 3).addCallback(lambda r: emit("value", r))

    def boom():
        raise ValueError("raised")

    maybeDeferred(boom).addErrback(lambda f: emit("raise", f))

    d = Deferred()
    emit("same Deferred", maybeDeferred(lambda: d) is d)

    failure = Failure(TypeError("returned failure"))
    maybeDeferred(lambda: failure).addErrback(lambda f: emit("failure", f, f is failure))
    maybeDeferred(lambda: None).addCallback(lambda r: emit("None", r))
