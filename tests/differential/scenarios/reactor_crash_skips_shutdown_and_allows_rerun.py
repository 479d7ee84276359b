"""crash() stops the loop without shutdown triggers; the reactor can run again, and its startup triggers fire again."""
from _reactor import DeterministicReactor

from trace import emit


def main():
    r = DeterministicReactor()
    r.addSystemEventTrigger("before", "shutdown", lambda: emit("shutdown trigger"))
    r.addSystemEventTrigger("after", "startup", lambda: emit("after startup", r.seconds()))
    r.callLater(1, lambda: emit("crashing") or r.crash())
    r.run(installSignalHandlers=False)
    emit("first run returned", r.running)
    r.callLater(1, r.stop)
    r.run(installSignalHandlers=False)
    emit("second run returned", r.running, r.seconds())
