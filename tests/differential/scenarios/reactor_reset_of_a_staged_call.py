"""reset() and delay() on a reactor call not yet moved into the heap take effect when the next pass inserts it."""
from _reactor import DeterministicReactor

from trace import emit


def main():
    r = DeterministicReactor()
    a = r.callLater(5, emit, "a")
    b = r.callLater(5, emit, "b")
    a.reset(1)
    b.delay(-4)
    emit("times", a.getTime(), b.getTime())
    r.now = 1
    r.runUntilCurrent()
    emit("pending", len(r.getDelayedCalls()))
