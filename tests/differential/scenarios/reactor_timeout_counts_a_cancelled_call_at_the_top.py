"""timeout() with a cancelled call at the top of the heap still counts it (until a pass removes it), even when it is the only call left."""
from _reactor import DeterministicReactor

from trace import emit


def main():
    r = DeterministicReactor()
    soon = r.callLater(1, lambda: None)
    r.callLater(10, lambda: None)
    r.runUntilCurrent()
    soon.cancel()
    emit("cancelled top", r.timeout(), len(r.getDelayedCalls()))
    r.runUntilCurrent()
    emit("after a pass", r.timeout())
    only = r.callLater(3, lambda: None)
    r.runUntilCurrent()
    r.now = 0
    for c in r.getDelayedCalls():
        c.cancel()
    emit("all cancelled", r.timeout(), len(r.getDelayedCalls()), only.cancelled == 1)
