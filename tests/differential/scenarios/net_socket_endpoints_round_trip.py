"""Endpoints over real sockets: a TCP4ServerEndpoint listens (its Deferred fires with the port), connectProtocol through a TCP4ClientEndpoint fires with the very protocol given once it is connected, and a client endpoint to a closed port fails with ConnectionRefusedError."""
from twisted.internet.endpoints import TCP4ClientEndpoint, TCP4ServerEndpoint, connectProtocol
from twisted.internet.protocol import Factory, Protocol

from _sockets import address, new_reactor, run
from trace import emit, kind


def main():
    reactor = new_reactor()
    events = []
    ports = []

    class Echo(Protocol):
        def dataReceived(self, data):
            self.transport.write(data)

    def refused(_):
        number = ports[1]
        d = TCP4ClientEndpoint(reactor, "127.0.0.1", number).connect(Factory.forProtocol(Protocol))
        d.addErrback(lambda f: events.append(["refused", kind(f)]))
        d.addBoth(lambda _: reactor.stop())

    class Mine(Protocol):
        def dataReceived(self, data):
            events.append(["echo", data.decode()])
            self.transport.loseConnection()

        def connectionLost(self, reason):
            events.append(["lost", reason])
            ports[0].stopListening().addCallback(refused)

    mine = Mine()

    def connected(proto):
        events.append(["connected", proto is mine])
        proto.transport.write(b"via endpoints")

    def listening(port):
        ports.extend([port, port.getHost().port])
        events.append(["listening", address(port.getHost())])
        endpoint = TCP4ClientEndpoint(reactor, "127.0.0.1", port.getHost().port)
        connectProtocol(endpoint, mine).addCallback(connected)

    def start():
        endpoint = TCP4ServerEndpoint(reactor, 0, interface="127.0.0.1")
        endpoint.listen(Factory.forProtocol(Echo)).addCallback(listening)

    reactor.callWhenRunning(start)
    run(reactor)
    emit("events", events)
