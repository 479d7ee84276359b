"""A Clock call moved by reset() later, to a time another call already has: Twisted keeps it in its place in the sorted list, ahead of that call."""
from twisted.internet.task import Clock

from trace import emit


def main():
    clock = Clock()
    moved = clock.callLater(1, emit, "scheduled first for 1, moved to 5")
    clock.callLater(5, emit, "scheduled second for 5")
    moved.reset(5)
    clock.advance(5)
