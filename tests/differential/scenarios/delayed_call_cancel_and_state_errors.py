"""DelayedCall.cancel unschedules; cancel, reset or delay after a cancel or a call raises AlreadyCancelled or AlreadyCalled."""
from twisted.internet.error import AlreadyCalled, AlreadyCancelled
from twisted.internet.task import Clock

from trace import emit, kind


def main():
    clock = Clock()
    c = clock.callLater(1, emit, "cancelled call ran")
    done = clock.callLater(1, lambda: emit("inside: cancelling myself") or attempt("cancel self", done.cancel))
    c.cancel()
    emit("state", c.active(), bool(c.cancelled), bool(c.called))

    def attempt(what, f, *a):
        try:
            f(*a)
            emit(what, "ok")
        except (AlreadyCalled, AlreadyCancelled) as e:
            emit(what, kind(e))

    clock.advance(1)
    emit("done state", done.active(), bool(done.called), bool(done.cancelled))
    for call, name in ((c, "cancelled"), (done, "called")):
        attempt(name + " cancel", call.cancel)
        attempt(name + " reset", call.reset, 1)
        attempt(name + " delay", call.delay, 1)
    emit("pending", len(clock.getDelayedCalls()))
