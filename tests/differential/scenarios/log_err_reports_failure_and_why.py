"""log.err(exception or Failure, why) reaches observers as one error event with the Failure and the reason."""
from twisted.python import log
from twisted.python.failure import Failure

from trace import capture_log, emit


def main():
    with capture_log(why=True):
        log.err(ValueError("disk full"), "while saving")
        log.err(Failure(TypeError("bad type")))
    emit("done")
