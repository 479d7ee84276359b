"""More than 50 cancelled calls, and more than half the heap: runUntilCurrent drops them all, so timeout() sees the live call."""
from _reactor import DeterministicReactor

from trace import emit


def run(n_cancelled):
    r = DeterministicReactor()
    calls = [r.callLater(5, lambda: None) for _ in range(n_cancelled)]
    r.callLater(10, lambda: None)
    r.runUntilCurrent()
    for c in calls:
        c.cancel()
    emit(str(n_cancelled), "before the pass", r.timeout(), len(r.getDelayedCalls()))
    r.runUntilCurrent()
    emit(str(n_cancelled), "after the pass", r.timeout(), len(r.getDelayedCalls()))


def main():
    run(40)
    run(60)
