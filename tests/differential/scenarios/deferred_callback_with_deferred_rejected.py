"""callback() refuses a Deferred as the result (Twisted: AssertionError)."""
from twisted.internet.defer import Deferred, succeed

from trace import emit, kind


def main():
    d = Deferred()
    try:
        d.callback(succeed(1))
    except BaseException as e:
        emit("raised", kind(e))
    emit("called", d.called)
