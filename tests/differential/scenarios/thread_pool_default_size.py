"""ThreadPool() and the reactor's pool default to a fixed number of threads (20 and 10; twisted-ts: the core count)."""
from twisted.python.threadpool import ThreadPool

from _reactor import DeterministicReactor
from trace import emit


def main():
    pool = ThreadPool()
    emit("ThreadPool()", "minthreads", pool.min, "maxthreads", pool.max)
    reactor = DeterministicReactor()
    threads = reactor.getThreadPool()
    emit("reactor.getThreadPool()", "minthreads", threads.min, "maxthreads", threads.max)
    reactor.callWhenRunning(reactor.stop)
    reactor.run()
