"""ThreadPool(maxthreads=n) with n below the default minimum (5)."""
from twisted.python.threadpool import ThreadPool

from trace import emit


def main():
    try:
        pool = ThreadPool(maxthreads=2)
        emit("made", "minthreads", pool.min, "maxthreads", pool.max)
    except AssertionError as e:
        emit("raised", e)
