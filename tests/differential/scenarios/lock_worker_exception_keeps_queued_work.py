"""An item raising in LockWorker: Twisted drops the items queued behind it; the exception reaches the outer do()."""
import threading

from twisted._threads import LockWorker

from trace import emit


def main():
    worker = LockWorker(threading.Lock(), threading.local())

    def outer():
        worker.do(lambda: emit("queued behind the failure"))
        raise ValueError("item failed")

    try:
        worker.do(outer)
    except ValueError as e:
        emit("do raised", e)
    worker.do(lambda: emit("next do"))
