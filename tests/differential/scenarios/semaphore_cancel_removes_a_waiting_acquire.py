"""Cancelling a waiting DeferredSemaphore acquire removes it; the token goes to the next waiter."""
from twisted.internet.defer import DeferredSemaphore

from trace import emit


def main():
    sem = DeferredSemaphore(1)
    sem.acquire()
    a = sem.acquire()
    b = sem.acquire()
    a.addErrback(lambda f: emit("a", f))
    b.addCallback(lambda s: emit("b acquired", sem.tokens))
    a.cancel()
    emit("waiting", len(sem.waiting))
    sem.release()
    emit("tokens", sem.tokens, len(sem.waiting))
