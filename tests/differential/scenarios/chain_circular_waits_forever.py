"""Two Deferreds whose callbacks return each other end up waiting on each other, both paused."""
from twisted.internet.defer import Deferred

from trace import emit


def main():
    a = Deferred()
    b = Deferred()
    a.addCallback(lambda r: emit("a callback", r) or b)
    b.addCallback(lambda r: emit("b callback", r) or a)
    a.addCallback(lambda r: emit("a rest", r))
    b.addCallback(lambda r: emit("b rest", r))
    a.callback("a")
    emit("after a fired", a.paused, b.paused)
    b.callback("b")
    emit("after b fired", a.paused, b.paused, a.result is b, b.result is a)
