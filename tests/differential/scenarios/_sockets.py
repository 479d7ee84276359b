"""Real loopback sockets for the Python side of the net_socket_* scenarios:
a fresh EPollReactor per scenario (the global one cannot be restarted), run
until the scenario stops it, or ``seconds`` pass (then it says so). The
TypeScript side (``_sockets.ts``) does the same with a new ``Reactor``."""
from twisted.internet.epollreactor import EPollReactor

from trace import emit


def new_reactor():
    return EPollReactor()


def run(reactor, seconds=4):
    def too_long():
        emit("timed out")
        reactor.stop()

    guard = reactor.callLater(seconds, too_long)

    def cancel_guard():
        if guard.active():
            guard.cancel()

    reactor.addSystemEventTrigger("before", "shutdown", cancel_guard)
    reactor.run(installSignalHandlers=False)


def address(a):
    """An address without its ephemeral port: type, then host or name."""
    name = type(a).__name__
    if name == "UNIXAddress":
        return [name, a.name]
    return [name, a.type, a.host]
