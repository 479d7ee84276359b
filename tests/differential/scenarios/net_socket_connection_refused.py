"""A connect to a closed loopback port: startedConnecting, then clientConnectionFailed with ConnectionRefusedError; the factory is started for the attempt and stopped after it."""
from twisted.internet.protocol import ClientFactory, Factory, Protocol

from _sockets import new_reactor, run
from trace import emit, kind


def main():
    reactor = new_reactor()
    port = reactor.listenTCP(0, Factory.forProtocol(Protocol), interface="127.0.0.1")
    number = port.getHost().port
    events = []

    class Clients(ClientFactory):
        noisy = False

        def startFactory(self):
            events.append("startFactory")

        def stopFactory(self):
            events.append("stopFactory")

        def startedConnecting(self, connector):
            events.append(["startedConnecting", connector.getDestination().port == number])

        def clientConnectionFailed(self, connector, reason):
            events.append(["clientConnectionFailed", kind(reason)])
            reactor.callLater(0, reactor.stop)

    def connect(_):
        reactor.connectTCP("127.0.0.1", number, Clients())

    reactor.callWhenRunning(lambda: port.stopListening().addCallback(connect))
    run(reactor)
    emit("events", events)
