"""An exception from a call escapes Clock.advance; the failing call is gone and later calls stay pending."""
from twisted.internet.task import Clock

from trace import emit


def main():
    clock = Clock()

    def boom():
        raise ValueError("timed call failed")

    clock.callLater(1, emit, "before")
    clock.callLater(2, boom)
    clock.callLater(3, emit, "after")
    try:
        clock.advance(5)
    except ValueError as e:
        emit("advance raised", e)
    emit("now", clock.seconds(), len(clock.getDelayedCalls()))
    clock.advance(0)
    emit("pending", len(clock.getDelayedCalls()))
