"""A pool thread's task fires a Deferred through the d.callback it was handed (the seed's third program): the callbacks get the task's result, and run in that pool thread in Twisted, in the reactor's thread in twisted-ts (declared difference)."""
import threading

from twisted.internet.defer import Deferred
from twisted.python.threadpool import ThreadPool

from trace import emit


def fire_with_thread_name(callback):
    callback(threading.current_thread().name)


def main():
    pool = ThreadPool(1, 1, "seed")
    pool.start()
    d = Deferred()
    done = threading.Event()

    def got(name):
        emit("the task ran in", name)
        emit("the callback runs in", threading.current_thread().name)
        done.set()

    d.addCallback(got)
    pool.callInThread(fire_with_thread_name, d.callback)
    emit("the result came back", done.wait(10))
    pool.stop()
