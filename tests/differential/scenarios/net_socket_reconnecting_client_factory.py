"""A ReconnectingClientFactory over real sockets: a server that hangs up at once is reconnected to after each loss (resetDelay on each connection); stopTrying after the third loss ends it."""
from twisted.internet.protocol import Factory, Protocol, ReconnectingClientFactory

from _sockets import new_reactor, run
from trace import emit, kind


def main():
    reactor = new_reactor()
    events = []

    class HangUp(Protocol):
        def connectionMade(self):
            self.transport.loseConnection()

    port = reactor.listenTCP(0, Factory.forProtocol(HangUp), interface="127.0.0.1")

    class Client(ReconnectingClientFactory):
        noisy = False
        protocol = Protocol
        initialDelay = delay = 0.01
        maxDelay = 0.05
        jitter = 0

        def buildProtocol(self, addr):
            events.append(["connected", self.retries])
            self.resetDelay()
            return ReconnectingClientFactory.buildProtocol(self, addr)

        def clientConnectionLost(self, connector, reason):
            events.append(["lost", reason])
            if len([e for e in events if e[0] == "lost"]) == 3:
                self.stopTrying()
                port.stopListening().addCallback(lambda _: reactor.callLater(0.1, reactor.stop))
            ReconnectingClientFactory.clientConnectionLost(self, connector, reason)

        def clientConnectionFailed(self, connector, reason):
            events.append(["failed", kind(reason)])
            ReconnectingClientFactory.clientConnectionFailed(self, connector, reason)

    factory = Client()
    factory.clock = reactor
    reactor.connectTCP("127.0.0.1", port.getHost().port, factory)
    run(reactor)
    emit("events", events)
    emit("continueTrying", bool(factory.continueTrying))
