"""Awaiting a Deferred that has no result yet: once it fires, the coroutine gets the result; afterwards the Deferred's own result is None in Twisted (the coroutine driver's callback takes it), while twisted-ts leaves it in place (declared difference)."""
from twisted.internet.defer import Deferred, ensureDeferred

from trace import emit


def await_once(d, name):
    async def once():
        try:
            emit(name, "await returned", await d)
        except ValueError as e:
            emit(name, "await raised", e)

    return ensureDeferred(once())


def main():
    ok = Deferred()
    done = await_once(ok, "value")
    ok.callback(5)
    emit("value", "result afterwards", ok.result)
    ok.addCallback(lambda r: emit("value", "a later callback sees", r))

    bad = Deferred()
    done = await_once(bad, "failure")
    bad.errback(ValueError("later"))
    emit("failure", "result afterwards", bad.result)
    bad.addBoth(lambda r: emit("failure", "a later callback sees", r))
