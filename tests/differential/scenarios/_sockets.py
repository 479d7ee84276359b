"""Real loopback sockets for the Python side of the net_socket_* scenarios:
a fresh EPollReactor per scenario (the global one cannot be restarted), run
until the scenario stops it, or ``seconds`` pass (then it says so). The
TypeScript side (``_sockets.ts``) does the same with a new ``Reactor``."""
from twisted.internet.epollreactor import EPollReactor
from twisted.internet.protocol import ClientFactory, Factory

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


class Loopback:
    """A server and a client over loopback: ``run(Server, Client)`` listens on 127.0.0.1, connects and runs ``reactor`` until ``done()`` has been called ``times`` times, then stops listening, then the reactor."""

    def __init__(self, reactor, times=2):
        self.reactor = reactor
        self.left = times
        self.port = None

    def done(self):
        self.left -= 1
        if self.left == 0:
            self.port.stopListening().addCallback(lambda _: self.reactor.stop())

    def run(self, server, client):
        self.port = self.reactor.listenTCP(0, Factory.forProtocol(server), interface="127.0.0.1")
        self.reactor.connectTCP("127.0.0.1", self.port.getHost().port, ClientFactory.forProtocol(client))
        run(self.reactor)


def address(a):
    """An address without its ephemeral port: type, then host or name."""
    name = type(a).__name__
    if name == "UNIXAddress":
        return [name, a.name]
    return [name, a.type, a.host]
