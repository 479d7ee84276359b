"""timeout() is None with nothing scheduled, else the time to the earliest call (0 if overdue), with delay() folded in."""
from _reactor import DeterministicReactor

from trace import emit


def main():
    r = DeterministicReactor()
    emit("empty", r.timeout())
    r.callLater(1000, lambda: None)
    emit("far", r.timeout())
    r.callLater(2.5, lambda: None)
    emit("next", r.timeout())
    r.now = 1
    emit("later", r.timeout())
    r.now = 4
    emit("overdue", r.timeout())
    r.runUntilCurrent()
    emit("after the pass", r.timeout())
    r.callLater(1, lambda: None).delay(2)
    emit("delayed call", r.timeout())
