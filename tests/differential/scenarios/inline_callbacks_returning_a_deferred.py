"""An inlineCallbacks generator that returns a Deferred: Twisted's callback() assertion fires (synchronously here, before any suspension)."""
from twisted.internet.defer import inlineCallbacks, succeed

from trace import emit, kind


def main():
    @inlineCallbacks
    def returns_deferred():
        yield None
        return succeed("inner")

    try:
        d = returns_deferred()
        d.addBoth(lambda r: emit("outcome", kind(r)))
    except BaseException as e:
        emit("call raised", kind(e))
