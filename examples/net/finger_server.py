"""A finger server whose lookup blocks, run in a thread (Twisted's finger
tutorial, "The Evolution of Finger", with threads.deferToThread).

Each client sends a user name as a line; the server looks it up with a
blocking function run in the reactor's thread pool, writes the answer and
hangs up; a lookup that raises answers "Internal error in server". Changes
from the tutorial, so that a test can run it: the users are built in, the
lookup sleeps 50 ms to stand for a slow database, "crash" makes it raise,
and it listens on 127.0.0.1 on the port given as the first argument
(default 1079), printing the port it got. The TypeScript port is
finger_server.ts.
"""
import sys
import time

from twisted.internet import protocol, reactor, threads
from twisted.protocols import basic

USERS = {b"moshez": b"Happy and well", b"glyph": b"Out to lunch"}


def lookup(users, user):
    """The blocking lookup: a slow database, a file on a slow disk."""
    time.sleep(0.05)
    if user == b"crash":
        raise RuntimeError("the user database is down")
    return users.get(user, b"No such user")


class FingerProtocol(basic.LineReceiver):
    def lineReceived(self, user):
        d = self.factory.getUser(user)

        def onError(err):
            return b"Internal error in server"

        d.addErrback(onError)

        def writeResponse(message):
            self.transport.write(message + b"\r\n")
            self.transport.loseConnection()

        d.addCallback(writeResponse)


class FingerFactory(protocol.ServerFactory):
    protocol = FingerProtocol

    def __init__(self, users):
        self.users = users

    def getUser(self, user):
        return threads.deferToThread(lookup, self.users, user)


def main():
    port = reactor.listenTCP(int(sys.argv[1]) if len(sys.argv) > 1 else 1079,
                             FingerFactory(USERS), interface="127.0.0.1")
    print("listening on %d" % port.getHost().port, flush=True)
    reactor.run()


if __name__ == "__main__":
    main()
