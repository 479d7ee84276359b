"""While a before-startup trigger's Deferred has not fired, Twisted's loop passes doIteration False (`running and timeout()`: it polls without sleeping) and twisted-ts passes the time to the next call (declared difference)."""
from twisted.internet.defer import Deferred

from _reactor import DeterministicReactor
from trace import emit


class Recording(DeterministicReactor):
    def __init__(self):
        DeterministicReactor.__init__(self)
        self.iterations = 0
        self.startup = Deferred()

    def doIteration(self, delay):
        self.iterations += 1
        # Twisted passes False for "do not wait", which select() reads as 0
        emit("doIteration", 0 if delay is False else delay, "running", self.running)
        if self.iterations == 2:
            emit("the startup Deferred fires")
            self.startup.callback(None)
        DeterministicReactor.doIteration(self, delay)


def main():
    r = Recording()
    r.addSystemEventTrigger("before", "startup", lambda: r.startup)
    r.callWhenRunning(lambda: emit("running at", r.now))
    r.callLater(5, lambda: emit("timed call at", r.now))
    r.callLater(10, r.stop)
    r.run(installSignalHandlers=False)
    emit("run returned at", r.now)
