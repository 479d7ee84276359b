"""The pass that ends the loop (shutdown's crash) is followed by one last doIteration, told not to wait (`running and timeout()` is False), before run() returns."""
from _reactor import DeterministicReactor
from trace import emit


class Recording(DeterministicReactor):
    def doIteration(self, delay):
        # Twisted passes False for "do not wait", which select() reads as 0
        emit("doIteration", 0 if delay is False else delay, "running", self.running)
        DeterministicReactor.doIteration(self, delay)


def main():
    r = Recording()
    r.callLater(1, lambda: emit("tick at", r.now))
    r.callLater(2, r.stop)
    r.addSystemEventTrigger("after", "shutdown", lambda: emit("after shutdown"))
    r.run(installSignalHandlers=False)
    emit("run returned at", r.now)
