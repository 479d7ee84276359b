"""Cancelling an inlineCallbacks Deferred whose awaited Deferred's errback chain is itself waiting: called at once, fired only when that chain finishes."""
from twisted.internet.defer import CancelledError, Deferred, inlineCallbacks

from trace import emit


def main():
    slow = Deferred()
    awaited = Deferred()
    awaited.addErrback(lambda f: emit("awaited's errback waits on slow", f) or slow)

    @inlineCallbacks
    def work():
        try:
            yield awaited
        except CancelledError as e:
            emit("generator got", e)
            return "after cancel"

    d = work()
    d.addBoth(lambda r: emit("outcome", r))
    d.cancel()
    emit("called but waiting", d.called, d.paused)
    slow.errback(CancelledError())
    emit("done", d.paused)
