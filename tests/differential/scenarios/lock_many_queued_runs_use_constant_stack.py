"""2,000 synchronous DeferredLock.run calls queued behind a held lock: in Twisted the hand-over recurses, overflows the stack and leaves the lock held."""
from twisted.internet.defer import DeferredLock

from trace import emit


def main():
    lock = DeferredLock()
    lock.acquire()
    ran = []
    ds = [lock.run(ran.append, i) for i in range(2000)]
    lock.release()
    emit("ran all", len(ran) == 2000, "in order", ran == sorted(ran))
    emit("lock", lock.locked, len(lock.waiting) == 0, all(d.called for d in ds))
