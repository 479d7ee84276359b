"""A call handed to callFromThread after the reactor has shut down: Twisted queues it for a loop that never runs again."""
from _reactor import DeterministicReactor

from trace import emit


def main():
    r = DeterministicReactor()
    r.callWhenRunning(r.stop)
    r.run()
    emit("shut down")
    r.callFromThread(emit, "late call")
    emit("end")
