"""An errback that returns a value puts the chain back on the callback path."""
from twisted.internet.defer import Deferred

from trace import emit


def main():
    def eb(f):
        emit("errback", f, f.getErrorMessage())
        return "fallback"

    d = Deferred()
    d.addCallback(lambda r: emit("skipped callback", r))
    d.addErrback(eb)
    d.addErrback(lambda f: emit("skipped errback", f))
    d.addCallback(lambda r: emit("callback", r) or "done")
    d.addBoth(lambda r: emit("both", r))
    d.errback(ValueError("broken"))
