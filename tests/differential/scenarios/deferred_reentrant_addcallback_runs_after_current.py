"""A callback that adds a callback to its own Deferred: the new one runs after the current one returns."""
from twisted.internet.defer import Deferred

from trace import emit


def main():
    d = Deferred()

    def first(r):
        emit("first enters", r)
        d.addCallback(added)
        emit("first leaves")
        return r + 1

    def added(r):
        emit("added runs", r)
        return r + 1

    d.addCallback(first)
    d.addCallback(lambda r: emit("second", r) or r + 1)
    d.callback(0)
    d.addCallback(lambda r: emit("after", r))
