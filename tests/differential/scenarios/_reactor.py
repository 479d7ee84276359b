"""A real Twisted reactor core (ReactorBase + the run loop) with an injected time source.

``doIteration(delay)`` does not wait: it moves the fake time forward by the
delay, so ``run()`` is deterministic; with nothing scheduled (``None``) it
would block forever, so it says so and crashes the reactor instead. ``now``
is the time ``seconds()`` returns. The TypeScript side (``_reactor.ts``)
builds the same thing on ``Reactor({ seconds })``.
"""
from twisted.internet.base import ReactorBase, _SignalReactorMixin

from trace import emit


class DeterministicReactor(_SignalReactorMixin, ReactorBase):
    def __init__(self):
        self.now = 0.0
        ReactorBase.__init__(self)

    def seconds(self):
        return self.now

    def installWaker(self):
        pass

    def removeAll(self):
        # no I/O here: the built-in during-shutdown disconnectAll has nothing to do
        return []

    def doIteration(self, delay):
        if delay is None:
            emit("nothing scheduled: the reactor would block forever")
            self.crash()
            return
        self.now += delay
