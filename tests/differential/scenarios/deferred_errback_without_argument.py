"""errback() with no argument: Twisted captures the current exception (none here -> NoCurrentExceptionError)."""
from twisted.internet.defer import Deferred

from trace import emit, kind


def main():
    d = Deferred()
    d.addErrback(lambda f: emit("errback", kind(f)))
    try:
        d.errback()
    except Exception as e:
        emit("raised", kind(e))
    emit("called", d.called)
