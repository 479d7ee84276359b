"""When a callback raises, its own pair's errback is skipped; the next pair's errback gets the failure."""
from twisted.internet.defer import Deferred

from trace import emit


def main():
    def cb(r):
        emit("cb", r)
        raise TypeError("cb failed")

    d = Deferred()
    d.addCallbacks(cb, lambda f: emit("same pair errback", f))
    d.addCallbacks(lambda r: emit("next callback", r), lambda f: emit("next errback", f))
    d.addCallbacks(lambda r: emit("then callback", r), lambda f: emit("then errback", f))
    d.callback(1)
