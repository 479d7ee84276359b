"""Over a real loopback socket, two IHalfCloseableProtocols each half-close with loseWriteConnection: Twisted 22.4 keeps both connections open until loseConnection() (still open after half a second), twisted-ts closes each with ConnectionDone once both its halves are closed."""
from zope.interface import implementer

from twisted.internet.interfaces import IHalfCloseableProtocol
from twisted.internet.protocol import ClientFactory, Factory, Protocol

from _sockets import new_reactor, run
from trace import emit


def main():
    reactor = new_reactor()
    events = {"client": [], "server": []}
    protocols = {}
    left = [2]

    def check():
        for side in ["client", "server"]:
            if protocols[side].transport.connected:
                events[side].append("still open")
                protocols[side].transport.loseConnection()

    def finished():
        left[0] -= 1
        if left[0] == 0:
            port.stopListening().addCallback(lambda _: reactor.stop())

    @implementer(IHalfCloseableProtocol)
    class Side(Protocol):
        def connectionMade(self):
            protocols[self.side] = self

        def readConnectionLost(self):
            events[self.side].append("readConnectionLost")
            if self.side == "server":
                self.transport.loseWriteConnection()
            else:
                reactor.callLater(0.5, check)

        def writeConnectionLost(self):
            events[self.side].append("writeConnectionLost")

        def connectionLost(self, reason):
            events[self.side].append(["lost", reason])
            finished()

    class Server(Side):
        side = "server"

    class Client(Side):
        side = "client"

        def connectionMade(self):
            Side.connectionMade(self)
            self.transport.loseWriteConnection()

    port = reactor.listenTCP(0, Factory.forProtocol(Server), interface="127.0.0.1")
    reactor.connectTCP("127.0.0.1", port.getHost().port, ClientFactory.forProtocol(Client))
    run(reactor)
    emit("server", events["server"])
    emit("client", events["client"])
