"""Cancelling a waiting acquire removes it from the queue with CancelledError; cancelling one that already has the lock does nothing."""
from twisted.internet.defer import DeferredLock

from trace import emit


def main():
    lock = DeferredLock()
    held = lock.acquire()
    waiting = lock.acquire()
    after = lock.acquire()
    waiting.addErrback(lambda f: emit("waiting acquire", f))
    after.addCallback(lambda l: emit("third acquire got the lock"))
    waiting.cancel()
    emit("queue", len(lock.waiting))
    held.cancel()
    emit("still locked", lock.locked)
    lock.release()
    emit("after release", lock.locked, len(lock.waiting))
