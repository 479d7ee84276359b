"""port.getHost() after stopListening() has finished: Twisted 22.4 raises (the socket is gone); twisted-ts returns the address it listened on."""
from twisted.internet.protocol import Factory, Protocol

from _sockets import address, new_reactor, run
from trace import emit, kind


def main():
    reactor = new_reactor()
    port = reactor.listenTCP(0, Factory.forProtocol(Protocol), interface="127.0.0.1")
    emit("while listening", address(port.getHost()))

    def stopped(_):
        try:
            emit("after stopListening", address(port.getHost()))
        except Exception as e:
            emit("after stopListening raised", kind(e))
        reactor.stop()

    port.stopListening().addCallback(stopped)
    run(reactor)
