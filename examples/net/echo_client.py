"""Twisted's echo client ("Writing Clients" in Twisted's docs, echoclient.py).

Changes from the original, so that a test can run it: it connects to
127.0.0.1 on the port given as the first argument (default 8000), and
prints the server's answer decoded (the original prints the bytes' repr).
The TypeScript port is echo_client.ts.
"""
import sys

from twisted.internet import protocol, reactor


class EchoClient(protocol.Protocol):
    """Once connected, send a message, then print the result."""

    def connectionMade(self):
        self.transport.write(b"hello, world!")

    def dataReceived(self, data):
        "As soon as any data is received, write it back."
        print("Server said:", data.decode())
        self.transport.loseConnection()

    def connectionLost(self, reason):
        print("connection lost")


class EchoFactory(protocol.ClientFactory):
    protocol = EchoClient

    def clientConnectionFailed(self, connector, reason):
        print("Connection failed - goodbye!")
        reactor.stop()

    def clientConnectionLost(self, connector, reason):
        print("Connection lost - goodbye!")
        reactor.stop()


def main():
    f = EchoFactory()
    reactor.connectTCP("127.0.0.1", int(sys.argv[1]) if len(sys.argv) > 1 else 8000, f)
    reactor.run()


if __name__ == "__main__":
    main()
