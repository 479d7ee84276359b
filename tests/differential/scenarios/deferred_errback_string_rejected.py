"""errback with a bare string is a TypeError and leaves the Deferred unfired."""
from twisted.internet.defer import Deferred

from trace import emit, kind


def main():
    d = Deferred()
    try:
        d.errback("just a string")
    except Exception as e:
        emit("raised", kind(e))
    emit("called", d.called)
    d.callback("later")
    d.addCallback(lambda r: emit("result", r))
