"""An iterator that raises ends its task with that failure; one yielding a failed Deferred ends the same way; the other tasks go on."""
from twisted.internet.defer import fail
from twisted.internet.task import Clock, Cooperator

from trace import emit


def main():
    clock = Clock()
    coop = Cooperator(terminationPredicateFactory=lambda: (lambda: False), scheduler=lambda f: clock.callLater(1, f))

    def raising():
        yield None
        raise ValueError("iterator raised")

    def yields_failure():
        yield fail(TypeError("yielded failure"))

    def fine():
        for i in range(3):
            emit("fine", i)
            yield None

    coop.coiterate(raising()).addErrback(lambda f: emit("raising", f))
    coop.coiterate(yields_failure()).addErrback(lambda f: emit("yields_failure", f))
    coop.coiterate(fine()).addCallback(lambda it: emit("fine done"))
    while clock.getDelayedCalls():
        emit("tick")
        clock.advance(1)
