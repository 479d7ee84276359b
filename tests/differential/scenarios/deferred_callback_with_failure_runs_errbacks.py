"""callback(aFailure) takes the errback path, exactly like errback(aFailure)."""
from twisted.internet.defer import Deferred
from twisted.python.failure import Failure

from trace import emit


def main():
    f = Failure(ValueError("carried"))
    d = Deferred()
    d.addCallbacks(lambda r: emit("callback", r), lambda g: emit("errback", g, g is f))
    d.callback(f)
