"""DeferredList delivers (success, result) pairs in input order, whatever order the members fire in; members' own chains go on unchanged."""
from twisted.internet.defer import Deferred, DeferredList, succeed

from trace import emit


def main():
    a = Deferred()
    b = succeed("b already")
    c = Deferred()
    dl = DeferredList([a, b, c])
    dl.addCallback(lambda r: emit("list fired", r))
    c.errback(ValueError("c failed"))
    emit("not yet", dl.called)
    a.callback("a late")
    a.addCallback(lambda r: emit("a's own chain", r))
    c.addErrback(lambda f: emit("c's own chain", f))
