"""Clock.advance with a negative amount: Twisted's Clock moves time backwards."""
from twisted.internet.task import Clock

from trace import emit, kind


def main():
    clock = Clock()
    clock.advance(5)
    try:
        clock.advance(-2)
    except Exception as e:
        emit("rejected", kind(e))
    emit("now", clock.seconds())
