"""After Team.quit() the backlog still runs, busy workers quit when done, the coordinator quits last, and further calls raise AlreadyQuit."""
from twisted._threads import AlreadyQuit, Team, createMemoryWorker
from twisted.python.failure import Failure

from trace import emit, kind


def main():
    coordinator, coordinate = createMemoryWorker()
    performers = []

    def create_worker():
        if performers:
            return None
        worker, perform = createMemoryWorker()
        performers.append(perform)
        return worker

    team = Team(coordinator, create_worker, lambda: emit("logged", Failure()))
    team.do(lambda: emit("first task"))
    team.do(lambda: emit("backlogged task"))
    while coordinate():
        pass
    team.quit()
    for call in (lambda: team.do(lambda: None), team.quit, lambda: team.grow(1), team.shrink):
        try:
            call()
        except AlreadyQuit as e:
            emit("refused", kind(e))
    while coordinate():
        pass
    s = team.statistics()
    emit("quitting", s.idleWorkerCount, s.busyWorkerCount, s.backloggedWorkCount)
    while performers[0]() or coordinate():
        pass
    s = team.statistics()
    emit("quit", s.idleWorkerCount, s.busyWorkerCount, s.backloggedWorkCount)
    try:
        coordinator.do(lambda: None)
    except AlreadyQuit as e:
        emit("coordinator quit too", kind(e))
