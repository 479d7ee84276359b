"""callFromThread calls run at the start of the next pass, in order, before timed calls; a callLater(0) they make runs in the same pass, a callFromThread waits."""
from _reactor import DeterministicReactor

from trace import emit


def main():
    r = DeterministicReactor()
    r.callLater(0, emit, "timed call")

    def thread_call(n):
        emit("thread call", n)
        if n == 1:
            r.callLater(0, emit, "callLater(0) from a thread call")
            r.callFromThread(emit, "callFromThread from a thread call")

    r.callFromThread(thread_call, 1)
    r.callFromThread(thread_call, 2)
    emit("queued")
    r.runUntilCurrent()
    emit("next pass")
    r.runUntilCurrent()
