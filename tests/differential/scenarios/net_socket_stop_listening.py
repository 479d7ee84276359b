"""stopListening on a real port: the Deferred fires in a later turn, after the factory's stopFactory; connections already accepted stay open; a new connect is refused."""
from twisted.internet.protocol import ClientFactory, Factory, Protocol

from _sockets import new_reactor, run
from trace import emit, kind


def main():
    reactor = new_reactor()
    events = []

    class Server(Protocol):
        def dataReceived(self, data):
            events.append(["server got", data.decode()])
            self.transport.loseConnection()

        def connectionLost(self, reason):
            events.append(["server lost", reason])

    class Servers(Factory):
        noisy = False
        protocol = Server

        def stopFactory(self):
            events.append("stopFactory")

    port = reactor.listenTCP(0, Servers(), interface="127.0.0.1")
    number = port.getHost().port

    class Client(Protocol):
        def connectionMade(self):
            d = port.stopListening()
            events.append(["stopListening fired at once", d.called])
            d.addCallback(lambda _: events.append("stopped"))
            d.addCallback(lambda _: self.transport.write(b"still here"))

    class Clients(ClientFactory):
        noisy = False
        protocol = Client

        def clientConnectionLost(self, connector, reason):
            events.append(["client lost", reason])
            reactor.connectTCP("127.0.0.1", number, Refused())

    class Refused(ClientFactory):
        noisy = False

        def clientConnectionFailed(self, connector, reason):
            events.append(["new connect", kind(reason)])
            reactor.callLater(0, reactor.stop)

    reactor.connectTCP("127.0.0.1", number, Clients())
    run(reactor)
    emit("events", events)
