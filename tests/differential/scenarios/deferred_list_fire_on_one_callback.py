"""fireOnOneCallback fires with (result, index) at the first success; later results are still recorded but fire nothing."""
from twisted.internet.defer import Deferred, DeferredList

from trace import emit


def main():
    a = Deferred()
    b = Deferred()
    c = Deferred()
    dl = DeferredList([a, b, c], fireOnOneCallback=True)
    dl.addCallback(lambda r: emit("fired", r))
    a.errback(ValueError("a failed"))
    emit("a failure fires nothing", dl.called)
    b.callback("b wins")
    c.callback("c too late")
    emit("c's own result", c.result)
    a.addErrback(lambda f: None)

    x = Deferred()
    y = Deferred()
    all_fail = DeferredList([x, y], fireOnOneCallback=True, consumeErrors=True)
    all_fail.addCallback(lambda r: emit("every member failed", r))
    x.errback(TypeError("x"))
    y.errback(TypeError("y"))
