"""A Failure left unhandled at first is not logged once an errback added later handles it."""
from twisted.internet.defer import Deferred

from trace import capture_log, collect, emit


def make():
    d = Deferred()
    d.errback(ValueError("late handling"))
    d.addErrback(lambda f: emit("handled late", f))


def make_and_convert():
    d = Deferred()
    d.errback(ValueError("first"))
    d.addErrback(lambda f: 1 / 0 if False else f.trap(TypeError))


def main():
    with capture_log(why=True):
        make()
        collect()
        emit("collected")
        make_and_convert()
        collect()
        emit("collected the still-failing one")
