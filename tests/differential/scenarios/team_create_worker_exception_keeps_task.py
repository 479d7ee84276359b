"""createWorker raising while the coordinator places a task: Twisted loses that task; the exception escapes the coordinator."""
from twisted._threads import Team, createMemoryWorker
from twisted.python.failure import Failure

from trace import emit


def main():
    coordinator, coordinate = createMemoryWorker()
    attempts = []

    def create_worker():
        attempts.append(1)
        if len(attempts) == 1:
            raise ValueError("cannot start a worker")
        worker, perform = createMemoryWorker()
        attempts.append(perform)
        return worker

    team = Team(coordinator, create_worker, lambda: emit("logged", Failure()))
    team.do(lambda: emit("task runs"))
    try:
        coordinate()
    except ValueError as e:
        emit("coordinator raised", e)
    s = team.statistics()
    emit("after", s.idleWorkerCount, s.busyWorkerCount, s.backloggedWorkCount)
    team.grow(1)
    while coordinate():
        pass
    for a in attempts:
        if callable(a):
            while a():
                pass
    s = team.statistics()
    emit("after growing", s.idleWorkerCount, s.busyWorkerCount, s.backloggedWorkCount)
