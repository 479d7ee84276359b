"""A Team whose createWorker refuses a third worker backlogs the third task; the first worker to finish picks it up."""
from twisted._threads import Team, createMemoryWorker
from twisted.python.failure import Failure

from trace import emit


def main():
    coordinator, coordinate = createMemoryWorker()
    performers = []

    def create_worker():
        if len(performers) >= 2:
            emit("createWorker refuses")
            return None
        worker, perform = createMemoryWorker()
        performers.append(perform)
        emit("createWorker", len(performers))
        return worker

    def stats(what):
        s = team.statistics()
        emit(what, s.idleWorkerCount, s.busyWorkerCount, s.backloggedWorkCount)

    team = Team(coordinator, create_worker, lambda: emit("logged", Failure()))
    for n in (1, 2, 3):
        team.do(lambda n=n: emit("task runs", n))
    stats("before coordinating")
    while coordinate():
        pass
    stats("after coordinating")
    emit("worker 1 performs", performers[0]())
    while coordinate():
        pass
    stats("worker 1 recycled")
    emit("worker 1 performs again", performers[0]())
    emit("worker 2 performs", performers[1]())
    while coordinate():
        pass
    stats("all done")
    emit("nothing left", performers[0](), performers[1](), coordinate())
