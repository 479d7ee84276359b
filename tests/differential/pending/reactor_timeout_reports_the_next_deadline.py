"""timeout() is None with nothing scheduled, else the time to the earliest call (0 if overdue), capped at 2147483 seconds."""
from _reactor import DeterministicReactor

from trace import emit


def main():
    r = DeterministicReactor()
    emit("empty", r.timeout())
    far = r.callLater(10 ** 9, lambda: None)
    emit("far", r.timeout())
    c = r.callLater(2.5, lambda: None)
    emit("next", r.timeout())
    r.now = 1
    emit("later", r.timeout())
    r.now = 4
    emit("overdue", r.timeout())
    r.runUntilCurrent()
    emit("after the pass", r.timeout())
    c2 = r.callLater(1, lambda: None)
    c2.delay(2)
    emit("delayed call", r.timeout())
    far.cancel()
    c2.cancel()
    emit("all cancelled", r.timeout(), len(r.getDelayedCalls()))
