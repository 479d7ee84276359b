"""DeferredLock: the first acquire fires at once, later ones queue, and each release hands the lock to the oldest waiter."""
from twisted.internet.defer import DeferredLock

from trace import emit


def main():
    lock = DeferredLock()
    for n in (1, 2, 3):
        lock.acquire().addCallback(lambda l, n=n: emit("acquired", n, l is lock, lock.locked))
    emit("waiting", len(lock.waiting))
    lock.release()
    emit("after release", lock.locked, len(lock.waiting))
    lock.release()
    lock.release()
    emit("free", lock.locked)
