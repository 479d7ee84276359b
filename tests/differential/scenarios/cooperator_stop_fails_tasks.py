"""Cooperator.stop() ends every running task with SchedulerStopped; a task added afterwards ends at once the same way."""
from twisted.internet.task import Clock, Cooperator, SchedulerStopped

from trace import emit


def main():
    clock = Clock()
    coop = Cooperator(scheduler=lambda f: clock.callLater(1, f))

    def forever():
        while True:
            yield None

    coop.coiterate(forever()).addErrback(lambda f: emit("running task", f, f.check(SchedulerStopped) is SchedulerStopped))
    emit("running", coop.running)
    coop.stop()
    emit("running", coop.running)
    coop.coiterate(forever()).addErrback(lambda f: emit("added after stop", f))
