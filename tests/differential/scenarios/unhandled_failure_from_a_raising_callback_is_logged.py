"""A Deferred whose callback raised, dropped without an errback, is reported as unhandled once collected (the exception's traceback does not keep it alive)."""
from twisted.internet.defer import Deferred

from trace import capture_log, collect, emit


def make():
    d = Deferred()

    def cb(r):
        raise ValueError("raised in a callback: %s" % r)

    d.addCallback(cb)
    d.callback("x")


def main():
    with capture_log(why=True):
        make()
        collect()
        emit("collected")
