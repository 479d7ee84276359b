"""Removing a system-event trigger a second time raises an error (Twisted: ValueError from list.remove)."""
from _reactor import DeterministicReactor

from trace import emit, kind


def main():
    r = DeterministicReactor()
    tid = r.addSystemEventTrigger("during", "custom", lambda: emit("never"))
    r.removeSystemEventTrigger(tid)
    try:
        r.removeSystemEventTrigger(tid)
        emit("second removal accepted")
    except Exception as e:
        emit("second removal", kind(e))
    r.fireSystemEvent("custom")
    emit("done")
