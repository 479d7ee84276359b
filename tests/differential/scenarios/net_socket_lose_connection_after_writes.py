"""Over a real loopback socket, everything the server writes before loseConnection — 100 small writes and a 300,000-byte one — reaches the client before either side sees a clean ConnectionDone."""
from twisted.internet.protocol import ClientFactory, Factory, Protocol

from _sockets import new_reactor, run
from trace import emit


def main():
    reactor = new_reactor()
    seen = {"client": [], "server": []}
    received = []
    left = [2]

    def finished():
        left[0] -= 1
        if left[0] == 0:
            port.stopListening().addCallback(lambda _: reactor.stop())

    class Sender(Protocol):
        def connectionMade(self):
            for i in range(100):
                self.transport.write(b"%d," % i)
            self.transport.write(b"x" * 300000)
            self.transport.loseConnection()

        def connectionLost(self, reason):
            seen["server"].append(reason)
            finished()

    class Receiver(Protocol):
        def dataReceived(self, data):
            received.append(data)

        def connectionLost(self, reason):
            seen["client"].append(reason)
            finished()

    port = reactor.listenTCP(0, Factory.forProtocol(Sender), interface="127.0.0.1")
    reactor.connectTCP("127.0.0.1", port.getHost().port, ClientFactory.forProtocol(Receiver))
    run(reactor)
    data = b"".join(received).decode()
    emit("received", len(data), data[:30], data[-3:])
    emit("complete", data == "".join("%d," % i for i in range(100)) + "x" * 300000)
    emit("lost", seen)
