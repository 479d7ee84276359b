"""A started ThreadPool grows to minthreads, runs each task on a worker and calls onResult(True, value) or onResult(False, failure)."""
from _pool import MemoryPool

from trace import emit


def main():
    mp = MemoryPool(1, 2)
    pool = mp
    emit("before start", mp.stats())
    pool.start()
    mp.settle()
    emit("started", pool.started, mp.stats())

    def add(a, b):
        return a + b

    def raise_(message):
        raise ValueError(message)

    pool.callInThreadWithCallback(lambda ok, r: emit("onResult", ok, r), add, 2, 3)
    mp.settle()
    pool.callInThreadWithCallback(lambda ok, r: emit("onResult", ok, r), raise_, "task failed")
    mp.settle()
    emit("after", mp.stats())
    pool.stop()
    mp.settle()
    emit("stopped", pool.started, mp.stats())
