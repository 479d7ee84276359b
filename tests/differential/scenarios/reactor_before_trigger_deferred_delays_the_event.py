"""A before-trigger returning an unfired Deferred holds back the during and after phases until it fires, even if it fails."""
from twisted.internet.defer import Deferred

from _reactor import DeterministicReactor

from trace import emit


def main():
    r = DeterministicReactor()
    gate = Deferred()
    r.addSystemEventTrigger("before", "custom", lambda: gate)
    r.addSystemEventTrigger("before", "custom", lambda: emit("second before runs at once"))
    r.addSystemEventTrigger("during", "custom", lambda: emit("during"))
    r.addSystemEventTrigger("after", "custom", lambda: emit("after"))
    r.addSystemEventTrigger("during", "other", lambda: emit("other event is independent"))
    r.fireSystemEvent("custom")
    emit("waiting on the gate")
    r.fireSystemEvent("other")
    gate.errback(ValueError("before trigger failed"))
    emit("done")
