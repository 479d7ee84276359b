"""reactor.stop() closes everything (Twisted's disconnectAll at shutdown): the open connection's protocols get ConnectionLost("Connection lost"), its client factory clientConnectionLost, a connect still under way clientConnectionFailed with ConnectError, the listening port is closed and every factory stopped; run() returns."""
from twisted.internet.protocol import ClientFactory, Factory, Protocol

from _sockets import new_reactor, run
from trace import emit, kind


def main():
    reactor = new_reactor()
    events = {}

    up = [2]

    def made(side):
        events[side + " made"] = True
        up[0] -= 1
        if up[0] == 0:
            # the connection is up on both sides: start another attempt,
            # then stop at once
            reactor.connectTCP("127.0.0.1", number, Pending())
            reactor.stop()

    class Server(Protocol):
        def connectionMade(self):
            made("server")

        def connectionLost(self, reason):
            events["server lost"] = reason

    class Servers(Factory):
        noisy = False
        protocol = Server

        def stopFactory(self):
            events["server factory stopped"] = True

    class Client(Protocol):
        def connectionMade(self):
            made("client")

    class Clients(ClientFactory):
        noisy = False
        protocol = Client

        def clientConnectionLost(self, connector, reason):
            events["clientConnectionLost"] = reason

        def stopFactory(self):
            events["client factory stopped"] = True

    class Pending(ClientFactory):
        noisy = False

        def clientConnectionFailed(self, connector, reason):
            events["pending clientConnectionFailed"] = kind(reason)

    port = reactor.listenTCP(0, Servers(), interface="127.0.0.1")
    number = port.getHost().port
    reactor.connectTCP("127.0.0.1", number, Clients())
    run(reactor)
    emit("run returned")
    emit("events", events)
