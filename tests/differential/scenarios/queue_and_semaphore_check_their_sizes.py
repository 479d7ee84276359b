"""Twisted accepts a negative DeferredQueue size and a fractional DeferredSemaphore token count without complaint."""
from twisted.internet.defer import DeferredQueue, DeferredSemaphore

from trace import emit, kind


def main():
    try:
        q = DeferredQueue(size=-1)
        emit("negative size accepted", q.size)
    except Exception as e:
        emit("negative size", kind(e))
    try:
        s = DeferredSemaphore(1.5)
        emit("fractional tokens accepted", s.limit)
    except Exception as e:
        emit("fractional tokens", kind(e))
