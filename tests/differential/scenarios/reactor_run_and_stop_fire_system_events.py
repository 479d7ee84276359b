"""run() fires startup triggers, runs timed calls as time passes, and stop() fires shutdown triggers after that pass's due calls."""
from _reactor import DeterministicReactor

from trace import emit


def main():
    r = DeterministicReactor()
    for phase in ("before", "during", "after"):
        r.addSystemEventTrigger(phase, "startup", lambda p=phase: emit("startup", p, r.running))
        r.addSystemEventTrigger(phase, "shutdown", lambda p=phase: emit("shutdown", p, r.running))
    r.callWhenRunning(lambda: emit("callWhenRunning", r.running, r.seconds()))

    def stop():
        emit("stopping", r.seconds())
        r.stop()
        emit("stop returned", r.running)

    r.callLater(1.5, stop)
    r.callLater(1.5, emit, "same pass as stop")
    r.callLater(2, emit, "never: after stop")
    r.run(installSignalHandlers=False)
    emit("run returned", r.running, r.seconds())
