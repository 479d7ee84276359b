"""DeferredSemaphore(2): two acquires fire, the third waits for a release; tokens and limit track it."""
from twisted.internet.defer import DeferredSemaphore

from trace import emit


def main():
    sem = DeferredSemaphore(2)
    emit("fresh", sem.tokens, sem.limit)
    for n in (1, 2, 3):
        sem.acquire().addCallback(lambda s, n=n: emit("acquired", n, s is sem, sem.tokens))
    emit("waiting", len(sem.waiting), sem.tokens)
    sem.release()
    emit("after release", sem.tokens, len(sem.waiting))
    sem.release()
    sem.release()
    emit("all released", sem.tokens)
