"""LockWorker runs work at once on the caller's stack; work submitted from inside an item runs after it, in order."""
import threading

from twisted._threads import AlreadyQuit, LockWorker

from trace import emit, kind


def main():
    worker = LockWorker(threading.Lock(), threading.local())

    def outer():
        emit("outer starts")
        worker.do(lambda: emit("inner 1"))
        worker.do(lambda: emit("inner 2"))
        emit("outer ends")

    worker.do(outer)
    emit("do returned")
    worker.quit()
    try:
        worker.do(lambda: None)
    except AlreadyQuit as e:
        emit("after quit", kind(e))
