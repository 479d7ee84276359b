"""Twisted's chat server ("Writing Servers" in Twisted's docs, chatserver.py).

A LineReceiver asks each client for a name, then relays each line it sends
to everyone else as "<name> line". Changes from the original, so that a
test can run it: it listens on 127.0.0.1 on the port given as the first
argument (default 8123) and prints the port it got; names and messages are
handled as text. The TypeScript port is chat_server.ts.
"""
import sys

from twisted.internet import reactor
from twisted.internet.protocol import Factory
from twisted.protocols.basic import LineReceiver


class Chat(LineReceiver):
    def __init__(self, users):
        self.users = users
        self.name = None
        self.state = "GETNAME"

    def connectionMade(self):
        self.sendLine(b"What's your name?")

    def connectionLost(self, reason):
        if self.name in self.users:
            del self.users[self.name]

    def lineReceived(self, line):
        if self.state == "GETNAME":
            self.handle_GETNAME(line.decode())
        else:
            self.handle_CHAT(line.decode())

    def handle_GETNAME(self, name):
        if name in self.users:
            self.sendLine(b"Name taken, please choose another.")
            return
        self.sendLine(("Welcome, %s!" % (name,)).encode())
        self.name = name
        self.users[name] = self
        self.state = "CHAT"

    def handle_CHAT(self, message):
        message = "<%s> %s" % (self.name, message)
        for name, protocol in self.users.items():
            if protocol != self:
                protocol.sendLine(message.encode())


class ChatFactory(Factory):
    def __init__(self):
        self.users = {}  # maps user names to Chat instances

    def buildProtocol(self, addr):
        return Chat(self.users)


def main():
    port = reactor.listenTCP(int(sys.argv[1]) if len(sys.argv) > 1 else 8123,
                             ChatFactory(), interface="127.0.0.1")
    print("listening on %d" % port.getHost().port, flush=True)
    reactor.run()


if __name__ == "__main__":
    main()
