"""A chained inner Deferred's Failure moves to the outer; the inner holds None and nothing is logged as unhandled."""
from twisted.internet.defer import Deferred

from trace import capture_log, collect, emit


def run():
    inner = Deferred()
    outer = Deferred()
    outer.addCallback(lambda r: inner)
    outer.addErrback(lambda f: emit("outer errback", f) or "recovered")
    outer.callback(None)
    inner.errback(ValueError("inner failed"))
    emit("inner result", inner.result)
    emit("outer result", outer.result)


def main():
    with capture_log(why=True):
        run()
        collect()
    emit("done")
