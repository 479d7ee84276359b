"""Over a real loopback socket, two IHalfCloseableProtocols each half-close with loseWriteConnection: Twisted 22.4 keeps both connections open until loseConnection() (still open after half a second), twisted-ts closes each with ConnectionDone once both its halves are closed."""
from zope.interface import implementer

from twisted.internet.interfaces import IHalfCloseableProtocol
from twisted.internet.protocol import Protocol

from _sockets import Loopback, new_reactor
from trace import emit


def main():
    reactor = new_reactor()
    loopback = Loopback(reactor)
    events = {"client": [], "server": []}
    protocols = {}

    def check():
        for side in ["client", "server"]:
            if protocols[side].transport.connected:
                events[side].append("still open")
                protocols[side].transport.loseConnection()

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
            loopback.done()

    class Server(Side):
        side = "server"

    class Client(Side):
        side = "client"

        def connectionMade(self):
            Side.connectionMade(self)
            self.transport.loseWriteConnection()

    loopback.run(Server, Client)
    emit("server", events["server"])
    emit("client", events["client"])
