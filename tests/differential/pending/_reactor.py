"""A real Twisted reactor core (ReactorBase + the run loop) with an injected time source.

``doIteration(delay)`` does not wait: it records the delay and moves the fake
time forward by it, so ``run()`` is deterministic. ``now`` is the time
``seconds()`` returns. The TypeScript side (``_reactor.ts``) builds the same
thing on ``Reactor({ seconds })``.
"""
from twisted.internet.base import ReactorBase, _SignalReactorMixin

from trace import emit


class DeterministicReactor(_SignalReactorMixin, ReactorBase):
    def __init__(self, trace_iterations=False):
        self.now = 0.0
        self.trace_iterations = trace_iterations
        ReactorBase.__init__(self)

    def seconds(self):
        return self.now

    def installWaker(self):
        pass

    def removeAll(self):
        # no I/O here: the built-in during-shutdown disconnectAll has nothing to do
        return []

    def doIteration(self, delay):
        if self.trace_iterations:
            emit("doIteration", delay)
        if delay is None:
            raise RuntimeError("the reactor would block forever")
        self.now += delay
