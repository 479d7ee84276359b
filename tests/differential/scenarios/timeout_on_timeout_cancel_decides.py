"""onTimeoutCancel(result, timeout) replaces the TimeoutError translation; its value or exception becomes the result."""
from twisted.internet.defer import Deferred
from twisted.internet.task import Clock

from trace import emit


def main():
    clock = Clock()

    def on_timeout(result, timeout):
        emit("onTimeoutCancel", result, timeout)
        return "default after %s" % timeout

    d = Deferred()
    d.addTimeout(2.5, clock, onTimeoutCancel=on_timeout)
    d.addBoth(lambda r: emit("result", r))

    def raising(result, timeout):
        raise ValueError("gave up after %s" % timeout)

    e = Deferred()
    e.addTimeout(3, clock, onTimeoutCancel=raising)
    e.addBoth(lambda r: emit("result", r))

    f = Deferred()
    f.addTimeout(3, clock, onTimeoutCancel=lambda r, t: emit("never called on manual cancel"))
    f.addBoth(lambda r: emit("manual cancel", r))
    f.cancel()
    clock.advance(3)
