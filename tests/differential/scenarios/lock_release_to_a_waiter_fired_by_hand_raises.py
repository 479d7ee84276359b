"""Releasing a DeferredLock or DeferredSemaphore whose next waiter was fired by hand raises AlreadyCalledError from release(); that waiter keeps the token, and the next acquire waits."""
from twisted.internet.defer import DeferredLock, DeferredSemaphore

from trace import emit, kind


def main():
    for name, prim in (("lock", DeferredLock()), ("semaphore", DeferredSemaphore(1))):
        prim.acquire()
        waiter = prim.acquire()
        waiter.callback("fired by hand")
        try:
            prim.release()
            emit(name, "release returned")
        except BaseException as e:
            emit(name, "release raised", kind(e))
        nxt = prim.acquire()
        emit(name, "waiting", len(prim.waiting), "next fired", nxt.called)
