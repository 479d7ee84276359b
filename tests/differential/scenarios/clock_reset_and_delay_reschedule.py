"""DelayedCall.reset moves a call relative to now, delay moves it relative to its time; getTime reflects both."""
from twisted.internet.task import Clock

from trace import emit


def main():
    clock = Clock()
    a = clock.callLater(10, emit, "a")
    b = clock.callLater(10, emit, "b")
    clock.advance(2)
    a.reset(1)
    b.delay(5)
    emit("times", a.getTime(), b.getTime())
    b.delay(-12)
    emit("b pulled in", b.getTime())
    clock.advance(1)
    emit("active", a.active(), b.active(), bool(a.called), bool(b.called))
