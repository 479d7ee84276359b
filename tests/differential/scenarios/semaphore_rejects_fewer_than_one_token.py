"""DeferredSemaphore(0) is a ValueError; run() releases the token after the function's result."""
from twisted.internet.defer import DeferredSemaphore

from trace import emit, kind


def main():
    try:
        DeferredSemaphore(0)
    except ValueError as e:
        emit("zero tokens", kind(e))
    sem = DeferredSemaphore(1)
    sem.run(lambda x: emit("running", x, sem.tokens) or x * 2, 21).addCallback(lambda r: emit("result", r, sem.tokens))
