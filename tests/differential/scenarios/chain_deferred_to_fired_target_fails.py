"""chainDeferred to an already-fired target: the source's result becomes an AlreadyCalledError Failure."""
from twisted.internet.defer import Deferred, succeed

from trace import emit


def main():
    target = succeed("already")
    source = Deferred()
    source.chainDeferred(target)
    source.addErrback(lambda f: emit("source errback", f) or "handled")
    source.callback("late")
    emit("target result", target.result)
