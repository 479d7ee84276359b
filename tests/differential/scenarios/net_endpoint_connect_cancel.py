"""Cancelling a client endpoint's Deferred while it connects stops the connector and fails the Deferred with ConnectingCancelledError; a failed attempt fails it with the attempt's reason; NoProtocol when the factory builds none."""
from twisted.internet.endpoints import TCP4ClientEndpoint
from twisted.internet.error import ConnectionRefusedError
from twisted.internet.protocol import Factory, Protocol
from twisted.internet.testing import MemoryReactor
from twisted.python.failure import Failure

from trace import emit, kind


def main():
    reactor = MemoryReactor()
    d = TCP4ClientEndpoint(reactor, "example.com", 80).connect(Factory.forProtocol(Protocol))
    d.addErrback(lambda f: emit("cancelled", kind(f), str(f.value.address)))
    d.cancel()
    emit("stoppedConnecting", reactor.connectors[0].stoppedConnecting)

    d2 = TCP4ClientEndpoint(reactor, "example.com", 81).connect(Factory.forProtocol(Protocol))
    d2.addErrback(lambda f: emit("failed", kind(f)))
    factory = reactor.tcpClients[-1][2]
    factory.clientConnectionFailed(reactor.connectors[-1], Failure(ConnectionRefusedError()))

    class Nothing(Factory):
        def buildProtocol(self, addr):
            return None

    d3 = TCP4ClientEndpoint(reactor, "example.com", 82).connect(Nothing())
    d3.addErrback(lambda f: emit("no protocol", kind(f)))
    built = reactor.tcpClients[-1][2].buildProtocol(None)
    emit("wrapper built", built)
