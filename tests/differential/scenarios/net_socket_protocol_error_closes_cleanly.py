"""Over a real loopback socket, a server protocol's dataReceived raises: the error is logged and the connection closed; the client sees a clean ConnectionDone."""
from twisted.internet.protocol import ClientFactory, Factory, Protocol

from _sockets import new_reactor, run
from trace import capture_log, emit


def main():
    reactor = new_reactor()
    events = []
    left = [2]

    def finished():
        left[0] -= 1
        if left[0] == 0:
            port.stopListening().addCallback(lambda _: reactor.stop())

    class Server(Protocol):
        def dataReceived(self, data):
            raise Exception("boom in dataReceived")

        def connectionLost(self, reason):
            events.append(["server lost", reason])
            finished()

    class Client(Protocol):
        def connectionMade(self):
            self.transport.write(b"hello")

        def connectionLost(self, reason):
            events.append(["client lost", reason])
            finished()

    port = reactor.listenTCP(0, Factory.forProtocol(Server), interface="127.0.0.1")
    reactor.connectTCP("127.0.0.1", port.getHost().port, ClientFactory.forProtocol(Client))
    with capture_log():
        run(reactor)
    emit("events", events)
