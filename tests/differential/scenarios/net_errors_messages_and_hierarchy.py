"""Twisted's connection errors: their messages (with an OS error and details), their class hierarchy, and the connectionDone Failure."""
from twisted.internet import error
from twisted.internet.protocol import connectionDone

from trace import emit


def main():
    emit("refused", error.ConnectionRefusedError("111", "Connection refused"))
    emit("done", error.ConnectionDone(), error.ConnectionDone("Connection done"))
    emit("lost", error.ConnectionLost("Connection lost"))
    emit("aborted", error.ConnectionAborted())
    emit("listen", error.CannotListenError("127.0.0.1", 80, "in use"), error.CannotListenError("", 80, "denied"))
    emit("user", error.UserError(), error.TCPTimedOutError(), error.NoRouteError())
    emit("timeout is a user error", issubclass(error.TimeoutError, error.UserError), issubclass(error.UserError, error.ConnectError))
    emit("aborted is lost", issubclass(error.ConnectionAborted, error.ConnectionLost), issubclass(error.ConnectionDone, error.ConnectionLost))
    emit("connectionDone", connectionDone)
    emit("timeout", error.TimeoutError())
