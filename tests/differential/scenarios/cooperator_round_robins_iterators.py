"""A Cooperator steps its tasks round-robin, one item each per turn, within a tick until the terminator says stop; coiterate's Deferred fires with the iterator."""
from twisted.internet.task import Clock, Cooperator

from trace import emit


def main():
    clock = Clock()
    budget = [0]

    def terminator():
        budget[0] -= 1
        return budget[0] <= 0

    coop = Cooperator(terminationPredicateFactory=lambda: terminator, scheduler=lambda f: clock.callLater(1, f))

    def gen(name, n):
        for i in range(n):
            emit("step", name, i)
            yield None

    a = gen("a", 3)
    coop.coiterate(a).addCallback(lambda it: emit("a done", it is a))
    coop.coiterate(gen("b", 2)).addCallback(lambda it: emit("b done"))
    emit("ticks scheduled", len(clock.getDelayedCalls()))
    turn = 0
    while clock.getDelayedCalls():
        turn += 1
        budget[0] = 3
        emit("tick", turn)
        clock.advance(1)
    emit("idle", coop.running)
