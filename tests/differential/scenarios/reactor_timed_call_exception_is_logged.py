"""An exception from a timed call is logged and the pass goes on with the next call."""
from _reactor import DeterministicReactor

from trace import capture_log, emit


def main():
    r = DeterministicReactor()

    def boom():
        raise ValueError("timed call failed")

    r.callLater(1, emit, "before")
    r.callLater(2, boom)
    r.callLater(3, emit, "after")
    r.now = 3
    with capture_log():
        r.runUntilCurrent()
    emit("pending", len(r.getDelayedCalls()))
