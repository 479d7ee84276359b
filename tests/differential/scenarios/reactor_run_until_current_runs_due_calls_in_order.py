"""runUntilCurrent runs every timed call that is due, earliest first; seconds() is read once per pass."""
from _reactor import DeterministicReactor

from trace import emit


def main():
    r = DeterministicReactor()
    r.callLater(3, emit, "three")
    r.callLater(1, lambda: emit("one", r.seconds()))
    r.callLater(2, emit, "two")
    r.callLater(7, emit, "seven")
    r.now = 3
    r.runUntilCurrent()
    emit("pending", sorted(c.getTime() for c in r.getDelayedCalls()))
    r.now = 6.5
    r.runUntilCurrent()
    r.now = 7
    r.runUntilCurrent()
    emit("pending", len(r.getDelayedCalls()))
