"""Twisted's echo server ("Writing Servers" in Twisted's docs, echoserv.py).

The one change from the original: it listens on 127.0.0.1, on the port
given as the first argument (default 8000; 0 picks a free one), and prints
the port it got, so that a test can find it. The TypeScript port is
echo_server.ts.
"""
import sys

from twisted.internet import reactor
from twisted.internet.protocol import Factory, Protocol


class Echo(Protocol):
    def dataReceived(self, data):
        """As soon as any data is received, write it back."""
        self.transport.write(data)


def main():
    f = Factory()
    f.protocol = Echo
    port = reactor.listenTCP(int(sys.argv[1]) if len(sys.argv) > 1 else 8000, f,
                             interface="127.0.0.1")
    print("listening on %d" % port.getHost().port, flush=True)
    reactor.run()


if __name__ == "__main__":
    main()
