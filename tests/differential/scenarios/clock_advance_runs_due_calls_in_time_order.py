"""Clock.advance runs every call that is due, earliest first, and leaves later ones pending; seconds() moves with it."""
from twisted.internet.task import Clock

from trace import emit


def main():
    clock = Clock()
    emit("starts at", clock.seconds())
    clock.callLater(3, emit, "three", 3)
    clock.callLater(1, emit, "one")
    clock.callLater(2.5, lambda: emit("two and a half", clock.seconds()))
    clock.callLater(10, emit, "ten")
    emit("pending", [c.getTime() for c in clock.getDelayedCalls()])
    clock.advance(3)
    emit("now", clock.seconds(), [c.getTime() for c in clock.getDelayedCalls()])
    clock.advance(6.5)
    emit("now", clock.seconds())
    clock.pump([0.25, 0.25])
    emit("now", clock.seconds(), len(clock.getDelayedCalls()))
