"""A task that raises is reported to logException; its worker goes back to the idle set and takes the next task."""
from twisted._threads import Team, createMemoryWorker
from twisted.python.failure import Failure

from trace import emit


def main():
    coordinator, coordinate = createMemoryWorker()
    performers = []

    def create_worker():
        if performers:
            return None
        worker, perform = createMemoryWorker()
        performers.append(perform)
        return worker

    team = Team(coordinator, create_worker, lambda: emit("logException", Failure()))

    def bad():
        emit("bad task runs")
        raise ValueError("task failed")

    team.do(bad)
    team.do(lambda: emit("good task runs"))
    while performers and performers[0]() or coordinate():
        pass
    s = team.statistics()
    emit("after", s.idleWorkerCount, s.busyWorkerCount, s.backloggedWorkCount, len(performers))
