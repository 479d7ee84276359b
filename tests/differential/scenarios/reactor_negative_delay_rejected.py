"""callLater with a negative delay on the reactor is refused (Twisted: AssertionError)."""
from _reactor import DeterministicReactor

from trace import emit, kind


def main():
    r = DeterministicReactor()
    try:
        r.callLater(-1, emit, "never")
    except BaseException as e:
        emit("rejected", kind(e))
    emit("pending", len(r.getDelayedCalls()))
