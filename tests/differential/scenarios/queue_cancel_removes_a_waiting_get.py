"""Cancelling a waiting get removes it: the next put goes to the following waiter."""
from twisted.internet.defer import DeferredQueue

from trace import emit


def main():
    q = DeferredQueue()
    first = q.get()
    second = q.get()
    first.addErrback(lambda f: emit("first", f))
    second.addCallback(lambda v: emit("second got", v))
    first.cancel()
    emit("waiting", len(q.waiting))
    q.put("value")
    emit("pending", q.pending)
