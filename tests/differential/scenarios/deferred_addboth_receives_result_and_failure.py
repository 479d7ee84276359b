"""addBoth's function runs on both paths, with the same extra arguments."""
from twisted.internet.defer import Deferred

from trace import emit


def main():
    def both(r, tag):
        emit("both", tag, r)
        return r

    ok = Deferred()
    ok.addBoth(both, "ok")
    ok.callback(7)

    bad = Deferred()
    bad.addBoth(both, "bad")
    bad.addErrback(lambda f: emit("errback still sees", f))
    bad.errback(ValueError("nope"))
