"""A callback returning its own Deferred: Twisted warns and the Deferred waits on itself forever."""
import warnings

from twisted.internet.defer import Deferred

from trace import emit


def main():
    d = Deferred()
    d.addCallback(lambda r: d)
    d.addBoth(lambda r: emit("next", r))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        d.callback(1)
    emit("paused", d.paused)
