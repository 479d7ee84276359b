"""On the reactor, reset() to sooner moves a call at once, delay() pushes it back, and cancel() removes it from getDelayedCalls."""
from _reactor import DeterministicReactor

from trace import emit


def main():
    r = DeterministicReactor()
    a = r.callLater(10, emit, "a", 10)
    b = r.callLater(5, emit, "b", 5)
    c = r.callLater(7, emit, "c", 7)
    r.runUntilCurrent()
    a.reset(1)
    b.delay(4)
    c.cancel()
    emit("times", a.getTime(), b.getTime(), len(r.getDelayedCalls()))
    for t in (1, 5, 9):
        r.now = t
        emit("now", t)
        r.runUntilCurrent()
