"""A canceller that fires the Deferred itself decides the outcome; no CancelledError is added."""
from twisted.internet.defer import Deferred

from trace import emit


def main():
    def canceller(d):
        emit("canceller called", d.called)
        d.callback("partial result")

    d = Deferred(canceller)
    d.addBoth(lambda r: emit("outcome", r))
    d.cancel()
    d.cancel()
    emit("after second cancel", d.called)

    e = Deferred(lambda d: d.errback(TypeError("aborted")))
    e.addBoth(lambda r: emit("errbacking canceller", r))
    e.cancel()
