"""A native coroutine awaiting only fired Deferreds: Twisted's ensureDeferred runs it to completion during the call."""
from twisted.internet.defer import ensureDeferred, succeed

from trace import emit


def main():
    async def work():
        a = await succeed(1)
        emit("after await", a)
        return a + 1

    d = ensureDeferred(work())
    emit("ensureDeferred returned", d.called)
    d.addCallback(lambda r: emit("result", r))
    emit("end of main")
