"""fireSystemEvent runs before, during and after triggers in that order; triggers added meanwhile to a pending phase run too; removed ones do not; all are consumed."""
from _reactor import DeterministicReactor

from trace import capture_log, emit


def main():
    r = DeterministicReactor()

    def before_one():
        emit("before 1")
        r.addSystemEventTrigger("before", "custom", lambda: emit("before added by before 1"))
        r.addSystemEventTrigger("after", "custom", lambda: emit("after added by before 1"))
        r.removeSystemEventTrigger(doomed)

    r.addSystemEventTrigger("after", "custom", lambda x: emit("after", x), "arg")
    r.addSystemEventTrigger("during", "custom", lambda: emit("during"))
    r.addSystemEventTrigger("before", "custom", before_one)
    doomed = r.addSystemEventTrigger("during", "custom", lambda: emit("removed: never"))
    gone = r.addSystemEventTrigger("before", "custom", lambda: emit("removed before firing: never"))
    r.removeSystemEventTrigger(gone)

    def raises():
        raise ValueError("trigger failed")

    r.addSystemEventTrigger("during", "custom", raises)
    r.addSystemEventTrigger("during", "custom", lambda: emit("during after the failing one"))
    with capture_log():
        r.fireSystemEvent("custom")
    emit("fired again")
    r.fireSystemEvent("custom")
    r.fireSystemEvent("no such event")
    emit("done")
