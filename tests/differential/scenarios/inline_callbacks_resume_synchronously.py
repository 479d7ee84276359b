"""inlineCallbacks runs the generator during the call up to the first unfired yield, and resumes synchronously when it fires."""
from twisted.internet.defer import Deferred, inlineCallbacks, succeed

from trace import emit


def main():
    later = Deferred()

    @inlineCallbacks
    def work(x):
        emit("started", x)
        a = yield succeed(x + 1)
        emit("fired one resumes at once", a)
        b = yield "plain value"
        emit("plain value sent back", b)
        c = yield later
        emit("resumed by callback", c)
        return a + c

    d = work(1)
    emit("call returned", d.called)
    d.addCallback(lambda r: emit("result", r))
    later.callback(40)
    emit("after firing", d.called)
    emit("the yielded Deferred now holds", later.result)
