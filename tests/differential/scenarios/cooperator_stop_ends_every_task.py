"""Cooperator.stop() with three running tasks: Twisted 22.4 removes tasks while iterating its list, so every second task is skipped and never finishes."""
from twisted.internet.task import Clock, Cooperator

from trace import emit


def main():
    clock = Clock()
    coop = Cooperator(scheduler=lambda f: clock.callLater(1, f))

    def forever():
        while True:
            yield None

    for n in (1, 2, 3):
        coop.coiterate(forever()).addBoth(lambda r, n=n: emit("task ended", n, r))
    coop.stop()
    emit("stopped")
