"""A timed call scheduled by a timed call runs on the next runUntilCurrent pass, even if already due."""
from _reactor import DeterministicReactor

from trace import emit


def main():
    r = DeterministicReactor()

    def first():
        emit("first")
        r.callLater(0, emit, "scheduled by first")

    r.callLater(1, first)
    r.callLater(1, emit, "second")
    r.now = 1
    r.runUntilCurrent()
    emit("pass over", len(r.getDelayedCalls()))
    r.runUntilCurrent()
    emit("pending", len(r.getDelayedCalls()))
