"""A ThreadPool whose Team is made of memory workers, stepped by hand (shared by the thread_pool_* scenarios).

``settle()`` runs coordination and worker steps until nothing is left to do;
``stats()`` is ``[workers, busy, idle, backlog]`` from the Team. The
TypeScript side (``_pool.ts``) builds the same thing with ThreadPool's
``pool`` option.
"""
from twisted._threads import Team, createMemoryWorker
from twisted.python.failure import Failure
from twisted.python.threadpool import ThreadPool

from trace import emit


class MemoryPool(ThreadPool):
    def __init__(self, minthreads, maxthreads):
        self.coordinator, self.coordinate = createMemoryWorker()
        self.performers = []
        ThreadPool.__init__(self, minthreads, maxthreads)

    def _pool(self, currentLimit, threadFactory):
        def create_worker():
            s = self.team.statistics()
            if s.busyWorkerCount + s.idleWorkerCount >= currentLimit():
                return None
            worker, perform = createMemoryWorker()
            self.performers.append(perform)
            return worker

        self.team = Team(self.coordinator, create_worker, lambda: emit("team logged", Failure()))
        return self.team

    def settle(self):
        while True:
            any_ran = False
            while self.coordinate():
                any_ran = True
            for perform in list(self.performers):
                while perform():
                    any_ran = True
            if not any_ran:
                return

    def stats(self):
        s = self.team.statistics()
        return [self.workers, s.busyWorkerCount, s.idleWorkerCount, s.backloggedWorkCount]
