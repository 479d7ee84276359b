"""addTimeout on a Deferred that already has a result leaves the result alone and cancels its timer at once."""
from twisted.internet.defer import succeed
from twisted.internet.task import Clock

from trace import emit


def main():
    clock = Clock()
    d = succeed("already")
    d.addTimeout(5, clock)
    emit("timer pending", len(clock.getDelayedCalls()))
    d.addCallback(lambda r: emit("result", r))
    clock.advance(10)
