"""succeed() and fail() return Deferreds that have already fired; callbacks added run at once."""
from twisted.internet.defer import fail, succeed
from twisted.python.failure import Failure

from trace import emit


def main():
    s = succeed({"b": 2, "a": [1, 2.5]})
    emit("succeed", s.called, s.result)
    s.addCallback(lambda r: emit("callback", r))
    f = fail(ValueError("failed early"))
    emit("fail", f.called, isinstance(f.result, Failure))
    f.addErrback(lambda x: emit("errback", x))
    n = succeed(None)
    n.addCallback(lambda r: emit("succeed(None)", r))
