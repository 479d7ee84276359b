"""ensureDeferred returns a Deferred unchanged and rejects what is neither a coroutine nor a Deferred."""
from twisted.internet.defer import Deferred, NotACoroutineError, ensureDeferred

from trace import emit, kind


def main():
    d = Deferred()
    emit("same object", ensureDeferred(d) is d)
    try:
        ensureDeferred(42)
    except NotACoroutineError as e:
        emit("rejected", kind(e), isinstance(e, TypeError))
