"""A call scheduled while Clock.advance runs, and already due, runs in the same advance, after calls already due at that time."""
from twisted.internet.task import Clock

from trace import emit


def main():
    clock = Clock()

    def first():
        emit("first", clock.seconds())
        clock.callLater(0, emit, "scheduled by first for now")
        clock.callLater(1, emit, "scheduled by first for later")

    clock.callLater(2, first)
    clock.callLater(2, emit, "second, same time")
    clock.callLater(3, emit, "at three")
    clock.advance(5)
    emit("pending", len(clock.getDelayedCalls()))
