"""A connect that never completes (the server's accept queue is full, so the kernel drops the SYN) fails after its timeout with TimeoutError; startedConnecting first, the factory stopped after."""
import socket

from twisted.internet.protocol import ClientFactory

from _sockets import new_reactor, run
from trace import emit, kind


def main():
    # a listener that never accepts, its queue of 0 filled by one connection
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(0)
    number = server.getsockname()[1]
    filler = socket.socket()
    filler.setblocking(False)
    try:
        filler.connect(("127.0.0.1", number))
    except BlockingIOError:
        pass
    reactor = new_reactor()
    events = []

    class Clients(ClientFactory):
        noisy = False

        def startedConnecting(self, connector):
            events.append("startedConnecting")

        def clientConnectionFailed(self, connector, reason):
            events.append(["clientConnectionFailed", kind(reason), connector.state])
            reactor.callLater(0, reactor.stop)

        def stopFactory(self):
            events.append("stopFactory")

    reactor.callWhenRunning(lambda: reactor.connectTCP("127.0.0.1", number, Clients(), timeout=0.3))
    run(reactor)
    filler.close()
    server.close()
    emit("events", events)
