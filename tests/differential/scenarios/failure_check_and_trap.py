"""Failure.check returns the first matching class (or None); trap re-raises the original exception."""
from twisted.internet.defer import Deferred
from twisted.python.failure import Failure

from trace import emit


class Base(Exception):
    pass


class Derived(Base):
    pass


def main():
    f = Failure(Derived("specific"))
    emit("check derived", f.check(Derived) is Derived)
    emit("check base", f.check(TypeError, Base) is Base)
    emit("check none", f.check(TypeError, ValueError) is None)
    emit("trap base", f.trap(Base) is Base)

    original = ValueError("not trapped")
    d = Deferred()
    d.addErrback(lambda g: g.trap(TypeError))
    d.addErrback(lambda g: emit("after failed trap", g, g.value is original))
    d.errback(original)

    d2 = Deferred()
    d2.addErrback(lambda g: emit("trapped", g.trap(ValueError) is ValueError) or "handled")
    d2.addCallback(lambda r: emit("callback after trap", r))
    d2.errback(ValueError("trapped one"))
