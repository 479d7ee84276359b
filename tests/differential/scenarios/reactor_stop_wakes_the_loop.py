"""stop() called from outside the loop while it waits: Twisted's stop() does not wake the loop, so shutdown waits for the next timed call; twisted-ts's stop() calls wakeUp(), so shutdown comes at once (declared difference)."""
from _reactor import DeterministicReactor
from trace import emit


class Recording(DeterministicReactor):
    def __init__(self):
        DeterministicReactor.__init__(self)
        self.outside = None
        self.woken = False

    def wakeUp(self):
        emit("wakeUp")
        self.woken = True

    def doIteration(self, delay):
        emit("doIteration", 0 if delay is False else delay)
        if self.outside is not None:
            # code outside the loop runs while the loop waits
            outside, self.outside = self.outside, None
            outside()
        if self.woken:
            self.woken = False
            emit("the wait ends early, at", self.now)
            delay = 0
        DeterministicReactor.doIteration(self, delay)


def main():
    r = Recording()

    def stop_from_outside():
        emit("stop() from outside the loop, at", r.now)
        r.stop()

    r.outside = stop_from_outside
    r.callLater(100, lambda: emit("timed call at", r.now))
    r.addSystemEventTrigger("during", "shutdown", lambda: emit("shutdown at", r.now))
    r.run(installSignalHandlers=False)
    emit("run returned at", r.now)
