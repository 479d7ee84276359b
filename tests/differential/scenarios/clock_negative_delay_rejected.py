"""Clock.callLater with a negative delay: Twisted's Clock accepts it and the call is due at once."""
from twisted.internet.task import Clock

from trace import emit, kind


def main():
    clock = Clock()
    clock.advance(5)
    try:
        call = clock.callLater(-1, emit, "negative delay ran")
        emit("scheduled at", call.getTime())
    except Exception as e:
        emit("rejected", kind(e))
    clock.advance(0)
