"""A failed yielded Deferred raises its exception at the yield; an uncaught exception (even before the first yield) fails the returned Deferred."""
from twisted.internet.defer import Deferred, fail, inlineCallbacks

from trace import emit


def main():
    @inlineCallbacks
    def catches():
        try:
            yield fail(ValueError("at the yield"))
        except ValueError as e:
            emit("caught", e)
        d = Deferred()
        d.errback(TypeError("async failure"))
        try:
            yield d
        except TypeError as e:
            emit("caught again", e)
        return "recovered"

    catches().addCallback(lambda r: emit("catches result", r))

    @inlineCallbacks
    def escapes():
        yield None
        raise ValueError("escaped")

    escapes().addErrback(lambda f: emit("escapes", f))

    @inlineCallbacks
    def early():
        raise TypeError("before any yield")
        yield None

    d = early()
    emit("early call returned a Deferred", d.called)
    d.addErrback(lambda f: emit("early", f))

    waiting = Deferred()

    @inlineCallbacks
    def waits():
        yield waiting

    w = waits()
    w.addErrback(lambda f: emit("waits", f))
    waiting.errback(ValueError("later failure"))
