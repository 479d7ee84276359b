"""cancel() on a Deferred that already has a result calls no canceller and changes nothing."""
from twisted.internet.defer import Deferred

from trace import emit


def main():
    d = Deferred(lambda d: emit("canceller must not run"))
    d.callback("done")
    d.cancel()
    d.addBoth(lambda r: emit("result", r))
