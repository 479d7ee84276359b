"""A client that reconnects with ReconnectingClientFactory ("Writing
Clients" in Twisted's docs, "Reconnection").

The factory prints what happens; each connection prints what the server
sends. Changes from the docs' example, so that a test can run it quickly
and to the end: it connects to 127.0.0.1 on the port given as the first
argument (default 8000); the back-off starts at 0.1 s with no jitter (a
test server hangs up at once, and the default first delay is a second);
it prints the reason's message rather than the Failure's repr; and after
three lost connections it stops trying and stops the reactor. The
TypeScript port is reconnecting_client.ts.
"""
import sys

from twisted.internet import reactor
from twisted.internet.protocol import Protocol, ReconnectingClientFactory


class Echo(Protocol):
    def dataReceived(self, data):
        print("Received:", data.decode().strip())


class EchoClientFactory(ReconnectingClientFactory):
    initialDelay = delay = 0.1
    jitter = 0
    lost = 0

    def startedConnecting(self, connector):
        print("Started to connect.")

    def buildProtocol(self, addr):
        print("Connected.")
        print("Resetting reconnection delay")
        self.resetDelay()
        return Echo()

    def clientConnectionLost(self, connector, reason):
        print("Lost connection.  Reason:", reason.getErrorMessage())
        self.lost += 1
        if self.lost == 3:
            self.stopTrying()
            reactor.stop()
            return
        ReconnectingClientFactory.clientConnectionLost(self, connector, reason)

    def clientConnectionFailed(self, connector, reason):
        print("Connection failed. Reason:", reason.getErrorMessage())
        ReconnectingClientFactory.clientConnectionFailed(self, connector, reason)


def main():
    reactor.connectTCP("127.0.0.1", int(sys.argv[1]) if len(sys.argv) > 1 else 8000,
                       EchoClientFactory())
    reactor.run()


if __name__ == "__main__":
    main()
