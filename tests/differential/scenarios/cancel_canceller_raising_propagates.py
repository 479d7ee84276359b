"""An exception raised by a canceller propagates out of cancel() and leaves the Deferred unfired."""
from twisted.internet.defer import Deferred

from trace import emit


def main():
    def canceller(d):
        raise ValueError("canceller broke")

    d = Deferred(canceller)
    try:
        d.cancel()
    except ValueError as e:
        emit("cancel raised", e)
    emit("called", d.called)
    d.callback("still usable")
    d.addCallback(lambda r: emit("result", r))
