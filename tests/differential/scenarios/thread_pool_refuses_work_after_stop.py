"""callInThread on a stopped ThreadPool: Twisted ignores the task silently (it never runs, nothing is reported)."""
from _pool import MemoryPool

from trace import emit


def main():
    pool = MemoryPool(0, 1)
    pool.start()
    pool.stop()
    pool.settle()
    pool.callInThreadWithCallback(lambda ok, r: emit("onResult", ok, r), lambda: "ran")
    pool.settle()
    emit("after", pool.stats())
