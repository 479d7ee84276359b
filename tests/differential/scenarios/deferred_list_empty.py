"""An empty DeferredList fires [] at once, except with fireOnOneCallback, where it never fires; gatherResults([]) fires []."""
from twisted.internet.defer import DeferredList, gatherResults

from trace import emit


def main():
    plain = DeferredList([])
    emit("plain", plain.called, plain.result)
    errback = DeferredList([], fireOnOneErrback=True)
    emit("fireOnOneErrback", errback.called, errback.result)
    callback = DeferredList([], fireOnOneCallback=True)
    emit("fireOnOneCallback", callback.called)
    gathered = gatherResults([])
    emit("gatherResults", gathered.called, gathered.result)
