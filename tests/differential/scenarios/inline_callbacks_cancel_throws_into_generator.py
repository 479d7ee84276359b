"""Cancelling an inlineCallbacks Deferred cancels the Deferred it waits on; CancelledError is raised at the yield and can be caught."""
from twisted.internet.defer import CancelledError, Deferred, inlineCallbacks

from trace import emit


def main():
    inner = Deferred(lambda d: emit("inner canceller"))

    @inlineCallbacks
    def catches():
        try:
            yield inner
        except CancelledError as e:
            emit("caught", e)
        return "clean exit"

    d = catches()
    d.addBoth(lambda r: emit("outcome", r))
    d.cancel()

    inner2 = Deferred()

    @inlineCallbacks
    def lets_it_through():
        yield inner2
        emit("never")

    d2 = lets_it_through()
    d2.addBoth(lambda r: emit("outcome 2", r))
    d2.cancel()

    inner3 = Deferred(lambda d: d.callback("value from canceller"))

    @inlineCallbacks
    def gets_value():
        v = yield inner3
        emit("resumed with", v)
        return v

    d3 = gets_value()
    d3.addBoth(lambda r: emit("outcome 3", r))
    d3.cancel()
