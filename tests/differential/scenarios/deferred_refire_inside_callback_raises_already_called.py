"""Firing a Deferred again from inside its own callback raises AlreadyCalledError there, which becomes a Failure."""
from twisted.internet.defer import AlreadyCalledError, Deferred

from trace import emit, kind


def main():
    d = Deferred()

    def refire(r):
        try:
            d.callback("again")
        except AlreadyCalledError as e:
            emit("inner raise", kind(e))
        d.errback(ValueError("again"))

    d.addCallback(refire)
    d.addErrback(lambda f: emit("errback", f))
    d.callback("once")
    try:
        d.callback("outside")
    except AlreadyCalledError as e:
        emit("outer raise", kind(e))
