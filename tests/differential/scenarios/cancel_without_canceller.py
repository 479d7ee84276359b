"""cancel() without a canceller errbacks CancelledError; the first later fire is silently ignored, the second raises."""
from twisted.internet.defer import AlreadyCalledError, Deferred

from trace import emit, kind


def main():
    d = Deferred()
    d.addErrback(lambda f: emit("errback", f) or "swallowed")
    d.cancel()
    emit("called", d.called, d.result)
    d.callback("the work finished anyway")
    emit("first late callback ignored", d.result)
    try:
        d.callback("again")
    except AlreadyCalledError as e:
        emit("second late callback", kind(e))
