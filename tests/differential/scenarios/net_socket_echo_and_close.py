"""Over a real loopback socket, a client writes, the server echoes, the client hangs up: each side sees its connection made, the data, and a clean ConnectionDone; addresses are IPv4Address on both sides."""
from twisted.internet.protocol import ClientFactory, Factory, Protocol

from _sockets import address, new_reactor, run
from trace import emit


def main():
    reactor = new_reactor()
    server_events, client_events = [], []

    class Echo(Protocol):
        def connectionMade(self):
            server_events.append(["made", address(self.transport.getHost()), address(self.transport.getPeer())])

        def dataReceived(self, data):
            server_events.append(["data", data.decode()])
            self.transport.write(data)

        def connectionLost(self, reason):
            server_events.append(["lost", reason])
            finished()

    class Client(Protocol):
        def connectionMade(self):
            client_events.append(["made", address(self.transport.getHost()), address(self.transport.getPeer())])
            self.transport.write(b"ping")

        def dataReceived(self, data):
            client_events.append(["data", data.decode()])
            self.transport.loseConnection()

        def connectionLost(self, reason):
            client_events.append(["lost", reason])

    class Clients(ClientFactory):
        protocol = Client

        def clientConnectionLost(self, connector, reason):
            client_events.append(["clientConnectionLost", reason])
            finished()

    left = [2]

    def finished():
        left[0] -= 1
        if left[0] == 0:
            port.stopListening().addCallback(lambda _: reactor.stop())

    port = reactor.listenTCP(0, Factory.forProtocol(Echo), interface="127.0.0.1")
    emit("listening", address(port.getHost()), port.getHost().port > 0)
    reactor.connectTCP("127.0.0.1", port.getHost().port, Clients())
    run(reactor)
    emit("server", server_events)
    emit("client", client_events)
