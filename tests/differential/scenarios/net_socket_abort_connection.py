"""Over a real loopback socket, abortConnection drops what was written: the aborting side gets ConnectionAborted at once (in a later turn), and the peer's connection ends without the data."""
from twisted.internet.error import ConnectionDone, ConnectionLost
from twisted.internet.protocol import ClientFactory, Factory, Protocol

from _sockets import new_reactor, run
from trace import emit


def main():
    reactor = new_reactor()
    events = {"client": [], "server": []}
    left = [2]

    def finished():
        left[0] -= 1
        if left[0] == 0:
            port.stopListening().addCallback(lambda _: reactor.stop())

    class Server(Protocol):
        def dataReceived(self, data):
            events["server"].append(["data", data.decode()])

        def connectionLost(self, reason):
            # a reset on some runtimes, a close on others: it ended
            events["server"].append(["ended", reason.check(ConnectionDone, ConnectionLost) is not None])
            finished()

    class Client(Protocol):
        def connectionMade(self):
            self.transport.write(b"never sent")
            self.transport.abortConnection()
            events["client"].append(["aborted", self.transport.disconnecting])

        def connectionLost(self, reason):
            events["client"].append(["lost", reason])
            finished()

    port = reactor.listenTCP(0, Factory.forProtocol(Server), interface="127.0.0.1")
    reactor.connectTCP("127.0.0.1", port.getHost().port, ClientFactory.forProtocol(Client))
    run(reactor)
    emit("server", events["server"])
    emit("client", events["client"])
