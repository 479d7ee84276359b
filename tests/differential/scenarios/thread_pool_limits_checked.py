"""ThreadPool with a negative minimum, or a minimum above the maximum: Twisted raises AssertionError."""
from twisted.python.threadpool import ThreadPool

from trace import emit, kind


def main():
    for lo, hi in ((-1, 5), (5, 3)):
        try:
            ThreadPool(lo, hi)
            emit("accepted", lo, hi)
        except BaseException as e:
            emit("rejected", lo, hi, kind(e))
