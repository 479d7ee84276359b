"""A LineReceiver over a real loopback socket gets every line once, in order, however the stream was cut: 2,000 lines written in one burst, echoed back as lengths, then a line too long for MAX_LENGTH closes the connection."""
from twisted.internet.protocol import ClientFactory, Factory, Protocol
from twisted.protocols.basic import LineReceiver

from _sockets import new_reactor, run
from trace import emit


def main():
    reactor = new_reactor()
    seen = {"lines": 0, "bad": [], "exceeded": []}

    class Counter(LineReceiver):
        MAX_LENGTH = 100

        def lineReceived(self, line):
            n = seen["lines"]
            if line != b"line %d" % n:
                seen["bad"].append([n, line.decode()])
            seen["lines"] += 1
            if seen["lines"] == 2000:
                self.sendLine(b"got 2000")

        def lineLengthExceeded(self, line):
            seen["exceeded"].append(len(line))
            return LineReceiver.lineLengthExceeded(self, line)

        def connectionLost(self, reason):
            seen["server lost"] = reason

    class Sender(Protocol):
        def connectionMade(self):
            self.transport.write(b"".join(b"line %d\r\n" % i for i in range(2000)))

        def dataReceived(self, data):
            seen["answer"] = data.decode()
            self.transport.write(b"y" * 500 + b"\r\n")

        def connectionLost(self, reason):
            seen["client lost"] = reason
            port.stopListening().addCallback(lambda _: reactor.callLater(0.05, reactor.stop))

    port = reactor.listenTCP(0, Factory.forProtocol(Counter), interface="127.0.0.1")
    reactor.connectTCP("127.0.0.1", port.getHost().port, ClientFactory.forProtocol(Sender))
    run(reactor)
    emit("seen", seen)
