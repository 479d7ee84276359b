"""A Deferred a Cooperator task yielded fails after the task was stopped: Twisted replaces that failure with AlreadyCalledError, which is what gets reported."""
from twisted.internet.defer import Deferred
from twisted.internet.task import Clock, Cooperator

from trace import capture_log, collect, emit


def run():
    clock = Clock()
    coop = Cooperator(terminationPredicateFactory=lambda: (lambda: False), scheduler=lambda f: clock.callLater(1, f))
    gate = Deferred()

    def gen():
        yield gate

    task = coop.cooperate(gen())
    task.whenDone().addErrback(lambda f: emit("task ended", f))
    clock.advance(1)
    task.stop()
    gate.errback(ValueError("late failure"))


def main():
    with capture_log():
        run()
        collect()
    emit("done")
