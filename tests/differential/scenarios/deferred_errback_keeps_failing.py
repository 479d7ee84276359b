"""An errback that raises, or returns the Failure, keeps the chain failing."""
from twisted.internet.defer import Deferred

from trace import emit


def main():
    def reraise(f):
        emit("reraise", f)
        raise TypeError("second problem")

    def give_back(f):
        emit("give back", f)
        return f

    def raise_exception(f):
        emit("raiseException", f)
        f.raiseException()

    d = Deferred()
    d.addErrback(give_back)
    d.addErrback(raise_exception)
    d.addErrback(reraise)
    d.addErrback(lambda f: emit("last", f))
    d.errback(ValueError("first problem"))
