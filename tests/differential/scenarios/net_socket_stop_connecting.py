"""connector.stopConnecting() while a real connect is under way fails it with UserError (state back to disconnected, factory stopped); a second call raises NotConnectingError; disconnect() on a connected connector closes the connection."""
from twisted.internet.error import NotConnectingError
from twisted.internet.protocol import ClientFactory, Factory, Protocol

from _sockets import new_reactor, run
from trace import emit, kind


def main():
    reactor = new_reactor()
    port = reactor.listenTCP(0, Factory.forProtocol(Protocol), interface="127.0.0.1")
    number = port.getHost().port
    events = []

    class Stopped(ClientFactory):
        noisy = False

        def clientConnectionFailed(self, connector, reason):
            events.append(["failed", kind(reason), connector.state])

        def stopFactory(self):
            events.append("stopped factory")

    class Connected(ClientFactory):
        noisy = False
        protocol = Protocol

        def buildProtocol(self, addr):
            p = ClientFactory.buildProtocol(self, addr)
            reactor.callLater(0, lambda: (events.append(["state", self.connector.state]), self.connector.disconnect()))
            return p

        def clientConnectionLost(self, connector, reason):
            events.append(["lost", reason, connector.state])
            port.stopListening().addCallback(lambda _: reactor.stop())

    def start():
        connector = reactor.connectTCP("127.0.0.1", number, Stopped())
        connector.stopConnecting()
        try:
            connector.stopConnecting()
        except NotConnectingError as e:
            events.append(["again", kind(e)])
        c = Connected()
        c.connector = reactor.connectTCP("127.0.0.1", number, c)

    reactor.callWhenRunning(start)
    run(reactor)
    emit("events", events)
