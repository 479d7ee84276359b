"""Team.grow(n) creates idle workers at once; shrink(n) quits idle ones now and busy ones when they finish."""
from twisted._threads import Team, createMemoryWorker
from twisted.python.failure import Failure

from trace import emit


def main():
    coordinator, coordinate = createMemoryWorker()
    performers = []

    def create_worker():
        worker, perform = createMemoryWorker()
        performers.append(perform)
        return worker

    team = Team(coordinator, create_worker, lambda: emit("logged", Failure()))

    def settle(what):
        while coordinate():
            pass
        s = team.statistics()
        emit(what, s.idleWorkerCount, s.busyWorkerCount, s.backloggedWorkCount, len(performers))

    team.grow(3)
    settle("grew by 3")
    team.shrink(1)
    settle("shrank by 1")
    team.do(lambda: emit("task runs"))
    settle("one busy")
    team.shrink()
    settle("shrink() with one busy")
    ran = sum(1 for p in performers if p())
    emit("tasks performed", ran)
    settle("busy one finished and quit")
    team.grow(1)
    settle("grew again")
