"""Awaiting a failed Deferred raises its error at every await and leaves the Failure as its result: later callbacks see it, and an awaited failure is not reported as unhandled."""
from twisted.internet.defer import ensureDeferred, fail

from trace import capture_log, collect, emit


def await_twice(d):
    async def twice():
        for attempt in (1, 2):
            try:
                await d
                emit("await returned", attempt)
            except ValueError as e:
                emit("await raised", attempt, e)

    done = ensureDeferred(twice())
    done.addCallback(lambda _: emit("both awaits done"))


def awaited_then_dropped():
    d = fail(ValueError("awaited, then dropped"))
    await_twice(d)
    emit("result after the awaits", d.result)


def main():
    with capture_log():
        d = fail(ValueError("boom"))
        await_twice(d)
        emit("result after the awaits", d.result)
        d.addErrback(lambda f: emit("a later errback sees", f))
        emit("result after that errback", d.result)
        awaited_then_dropped()
        collect()
        emit("collected")
