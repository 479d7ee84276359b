"""addCallbacks passes callbackArgs and errbackArgs after the result."""
from twisted.internet.defer import Deferred

from trace import emit


def main():
    def cb(r, *args):
        emit("cb", r, list(args))
        raise ValueError("from cb")

    def eb(f, *args):
        emit("eb", f, list(args))
        return "recovered"

    d = Deferred()
    d.addCallbacks(cb, eb, callbackArgs=(1, "two"), errbackArgs=(3,))
    d.addCallbacks(cb, eb, callbackArgs=(4,), errbackArgs=(5, None))
    d.addCallbacks(lambda r: emit("last cb", r), eb, errbackArgs=(6,))
    d.callback("start")
