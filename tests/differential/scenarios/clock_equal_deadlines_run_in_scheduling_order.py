"""Calls due at the same time on a Clock run in the order they were scheduled."""
from twisted.internet.task import Clock

from trace import emit


def main():
    clock = Clock()
    for n in range(12):
        clock.callLater(5, emit, "call", n)
    clock.callLater(4, emit, "earlier")
    c = clock.callLater(6, emit, "moved to 5 by reset")
    clock.advance(1)
    c.reset(4)
    clock.advance(4)
