"""logException itself raising: in Twisted the error escapes the worker and the worker is never handed back (stays busy)."""
from twisted._threads import Team, createMemoryWorker

from trace import emit


def main():
    coordinator, coordinate = createMemoryWorker()
    performers = []

    def create_worker():
        worker, perform = createMemoryWorker()
        performers.append(perform)
        return worker

    def log_exception():
        emit("logException called")
        raise TypeError("logger broke")

    def task():
        raise ValueError("task failed")

    team = Team(coordinator, create_worker, log_exception)
    team.do(task)
    while coordinate():
        pass
    try:
        performers[0]()
    except TypeError as e:
        emit("worker raised", e)
    while coordinate():
        pass
    s = team.statistics()
    emit("after", s.idleWorkerCount, s.busyWorkerCount, s.backloggedWorkCount)
