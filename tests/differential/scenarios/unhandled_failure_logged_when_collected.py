"""A Deferred dropped while holding a Failure is logged as "Unhandled error in Deferred:" when collected; handled ones are not."""
from twisted.internet.defer import Deferred

from trace import capture_log, collect, emit


def make(handled):
    d = Deferred()
    if handled:
        d.addErrback(lambda f: None)
    d.errback(ValueError("handled" if handled else "nobody looked"))


def main():
    with capture_log(why=True):
        make(True)
        collect()
        emit("handled one collected")
        make(False)
        collect()
        emit("unhandled one collected")
