"""stop() on a pool that never got a worker for its backlog: Twisted leaves those tasks unrun and unreported."""
from _pool import MemoryPool

from trace import emit


def main():
    pool = MemoryPool(0, 1)
    pool.callInThreadWithCallback(lambda ok, r: emit("onResult", ok, r), lambda: "ran")
    pool.settle()
    pool.stop()
    pool.settle()
    emit("after stop", pool.stats())
