"""deferLater calls the function after the delay and fires with its result or failure; without a function it fires with None."""
from twisted.internet.task import Clock, deferLater

from trace import emit


def main():
    clock = Clock()
    deferLater(clock, 2, lambda a, b: a * b, 6, 7).addCallback(lambda r: emit("result", r, clock.seconds()))

    def boom():
        raise ValueError("later failure")

    deferLater(clock, 1, boom).addErrback(lambda f: emit("failure", f, clock.seconds()))
    deferLater(clock, 3).addCallback(lambda r: emit("no function", r))
    emit("scheduled", len(clock.getDelayedCalls()))
    clock.advance(3)
