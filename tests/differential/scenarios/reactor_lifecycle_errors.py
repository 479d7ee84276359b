"""stop() on a reactor that is not running raises ReactorNotRunning; run() after a completed stop raises ReactorNotRestartable."""
from twisted.internet import error

from _reactor import DeterministicReactor

from trace import emit, kind


def main():
    r = DeterministicReactor()
    try:
        r.stop()
    except error.ReactorNotRunning as e:
        emit("stop before run", kind(e))

    def inside():
        try:
            r.run(installSignalHandlers=False)
        except error.ReactorAlreadyRunning as e:
            emit("run inside run", kind(e))
        r.stop()
        try:
            r.stop()
        except error.ReactorNotRunning as e:
            emit("second stop", kind(e))

    r.callWhenRunning(inside)
    r.run(installSignalHandlers=False)
    try:
        r.run(installSignalHandlers=False)
    except error.ReactorNotRestartable as e:
        emit("run after stop", kind(e))
