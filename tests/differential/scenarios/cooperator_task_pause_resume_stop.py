"""CooperativeTask.pause() takes a task out of the rotation, resume() puts it back at the end, stop() ends it with TaskStopped."""
from twisted.internet.task import Clock, Cooperator, NotPaused, TaskStopped

from trace import emit, kind


def two_units_per_tick():
    used = [0]

    def terminator():
        used[0] += 1
        return used[0] >= 2

    return terminator


def main():
    clock = Clock()
    coop = Cooperator(terminationPredicateFactory=two_units_per_tick, scheduler=lambda f: clock.callLater(1, f))

    def gen(name):
        i = 0
        while True:
            emit("step", name, i)
            i += 1
            yield None

    a = coop.cooperate(gen("a"))
    b = coop.cooperate(gen("b"))
    a.whenDone().addErrback(lambda f: emit("a ended", f, f.check(TaskStopped) is TaskStopped))
    b.whenDone().addErrback(lambda f: emit("b ended", f))

    def tick():
        emit("tick")
        clock.advance(1)

    a.pause()
    try:
        b.resume()
    except NotPaused as e:
        emit("resume unpaused", kind(e))
    tick()
    a.resume()
    tick()
    a.stop()
    tick()
    b.stop()
    emit("pending ticks", len(clock.getDelayedCalls()))
