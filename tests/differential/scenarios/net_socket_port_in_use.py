"""listenTCP on a port already listening raises CannotListenError at once, naming the interface and port; the first port is unaffected and the second factory never started."""
from twisted.internet.error import CannotListenError
from twisted.internet.protocol import Factory, Protocol

from _sockets import new_reactor
from trace import emit, kind


def main():
    reactor = new_reactor()
    first = reactor.listenTCP(0, Factory.forProtocol(Protocol), interface="127.0.0.1")
    number = first.getHost().port
    started = []

    class Second(Factory):
        noisy = False

        def startFactory(self):
            started.append(True)

    try:
        reactor.listenTCP(number, Second(), interface="127.0.0.1")
        emit("listened twice")
    except CannotListenError as e:
        emit("refused", kind(e), e.interface, e.port == number)
    emit("second factory started", bool(started))
    emit("first still listening", first.getHost().port == number)
    first.stopListening()
