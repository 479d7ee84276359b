"""A canceller that does not fire: cancel() then errbacks CancelledError, and nothing later is suppressed."""
from twisted.internet.defer import AlreadyCalledError, Deferred

from trace import emit, kind


def main():
    d = Deferred(lambda d: emit("canceller called"))
    d.addErrback(lambda f: emit("errback", f))
    d.cancel()
    try:
        d.callback("late")
    except AlreadyCalledError as e:
        emit("late callback", kind(e))
