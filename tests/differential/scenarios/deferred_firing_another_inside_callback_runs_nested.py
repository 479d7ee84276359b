"""Firing another Deferred from inside a callback runs that one's callbacks right there, nested."""
from twisted.internet.defer import Deferred

from trace import emit


def main():
    a = Deferred()
    b = Deferred()
    b.addCallback(lambda r: emit("b callback", r))

    def fire_b(r):
        emit("a callback before firing b", r)
        b.callback("from a")
        emit("a callback after firing b")
        return r

    a.addCallback(fire_b)
    a.addCallback(lambda r: emit("a second", r))
    a.callback("go")
