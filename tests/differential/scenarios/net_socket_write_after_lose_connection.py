"""Over a real loopback socket, a server writes, calls loseConnection(), then writes again: Twisted 22.4 sends that write too; twisted-ts refuses it with an Error."""
from twisted.internet.protocol import ClientFactory, Factory, Protocol

from _sockets import new_reactor, run
from trace import emit, kind


def main():
    reactor = new_reactor()
    events = []
    received = []
    left = [2]

    def finished():
        left[0] -= 1
        if left[0] == 0:
            port.stopListening().addCallback(lambda _: reactor.stop())

    class Sender(Protocol):
        def connectionMade(self):
            self.transport.write(b"before,")
            self.transport.loseConnection()
            try:
                self.transport.write(b"after")
                events.append("write after loseConnection accepted")
            except Exception as e:
                events.append(["write after loseConnection raised", kind(e)])

        def connectionLost(self, reason):
            finished()

    class Receiver(Protocol):
        def dataReceived(self, data):
            received.append(data)

        def connectionLost(self, reason):
            events.append(["client lost", reason])
            finished()

    port = reactor.listenTCP(0, Factory.forProtocol(Sender), interface="127.0.0.1")
    reactor.connectTCP("127.0.0.1", port.getHost().port, ClientFactory.forProtocol(Receiver))
    run(reactor)
    emit("events", events)
    emit("received", b"".join(received).decode())
