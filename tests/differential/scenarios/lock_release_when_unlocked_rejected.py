"""Releasing an unlocked DeferredLock, or a DeferredSemaphore more times than acquired, is refused (Twisted: AssertionError)."""
from twisted.internet.defer import DeferredLock, DeferredSemaphore

from trace import emit, kind


def main():
    lock = DeferredLock()
    try:
        lock.release()
    except BaseException as e:
        emit("lock", kind(e), lock.locked)
    sem = DeferredSemaphore(1)
    try:
        sem.release()
    except BaseException as e:
        emit("semaphore", kind(e), sem.tokens)
