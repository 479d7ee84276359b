"""Over a real loopback socket, a client endpoint whose protocol's connectionMade raises: the error is logged and the connection dropped (the server sees it end); Twisted 22.4's connect() Deferred never fires (still pending after half a second), twisted-ts's fails with that error."""
from twisted.internet.endpoints import TCP4ClientEndpoint
from twisted.internet.protocol import Factory, Protocol

from _sockets import new_reactor, run
from trace import capture_log, emit


def main():
    reactor = new_reactor()
    events = {"client": [], "server": []}

    class Server(Protocol):
        def connectionLost(self, reason):
            events["server"].append("lost")
            reactor.callLater(0.5, finish)

    class Boom(Protocol):
        def connectionMade(self):
            events["client"].append("connectionMade")
            raise Exception("boom in connectionMade")

        def connectionLost(self, reason):
            events["client"].append(["lost", reason])

    def finish():
        if not d.called:
            events["client"].append("connect() still pending")
        port.stopListening().addCallback(lambda _: reactor.stop())

    port = reactor.listenTCP(0, Factory.forProtocol(Server), interface="127.0.0.1")
    d = TCP4ClientEndpoint(reactor, "127.0.0.1", port.getHost().port).connect(Factory.forProtocol(Boom))
    d.addCallbacks(
        lambda p: events["client"].append(["connect() fired", p]),
        lambda f: events["client"].append(["connect() failed", f]),
    )
    with capture_log():
        run(reactor)
    emit("client", events["client"])
    emit("server", events["server"])
