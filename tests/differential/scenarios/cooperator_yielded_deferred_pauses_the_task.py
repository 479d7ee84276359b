"""A Cooperator task that yields an unfired Deferred is paused until it fires; its result is dropped and the task resumes."""
from twisted.internet.defer import Deferred
from twisted.internet.task import Clock, Cooperator

from trace import emit


def main():
    clock = Clock()
    coop = Cooperator(terminationPredicateFactory=lambda: (lambda: False), scheduler=lambda f: clock.callLater(1, f))
    gate = Deferred()

    def waiting():
        emit("waiting: before the gate")
        got = yield gate
        emit("waiting: after the gate", got)

    def other():
        for i in range(3):
            emit("other", i)
            yield None

    coop.coiterate(waiting()).addCallback(lambda it: emit("waiting done"))
    coop.coiterate(other()).addCallback(lambda it: emit("other done"))
    clock.advance(1)
    emit("gate fires")
    gate.callback("gate value")
    emit("gate now holds", gate.result)
    while clock.getDelayedCalls():
        emit("tick")
        clock.advance(1)
