"""Tasks submitted before start() wait in the backlog; start() grows the pool for them, up to maxthreads."""
from _pool import MemoryPool

from trace import emit


def main():
    pool = MemoryPool(0, 2)
    for n in (1, 2, 3):
        pool.callInThreadWithCallback(lambda ok, r, n=n: emit("onResult", n, ok, r), lambda x: x * 10, n)
    pool.settle()
    emit("before start", pool.stats())
    pool.start()
    while pool.coordinate():
        pass
    emit("started", pool.stats())
    pool.settle()
    emit("done", pool.stats())
    pool.stop()
    pool.settle()
