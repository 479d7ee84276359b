"""Putting a Deferred into a DeferredQueue: Twisted accepts it and the get() that receives it fails later (AssertionError)."""
from twisted.internet.defer import Deferred, DeferredQueue

from trace import emit, kind


def main():
    q = DeferredQueue()
    try:
        q.put(Deferred())
        emit("put accepted", len(q.pending))
    except BaseException as e:
        emit("put refused", kind(e))
    try:
        q.get().addBoth(lambda r: emit("get", r))
    except BaseException as e:
        emit("get raised", kind(e))
