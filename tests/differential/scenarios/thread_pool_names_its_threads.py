"""A ThreadPool names its threads PoolThread-<name>-<n>, numbering them from 0."""
from twisted.python.threadpool import ThreadPool

from trace import emit


def main():
    pool = ThreadPool(2, 2, "named")
    pool.start()
    emit("names", sorted(t.name for t in pool.threads))
    pool.stop()
