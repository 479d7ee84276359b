"""A lineLengthExceeded or rawDataReceived that raises has consumed its bytes: the next dataReceived does not hand them over again."""
from twisted.internet.testing import StringTransport
from twisted.protocols.basic import LineReceiver

from trace import emit


class Boom(LineReceiver):
    MAX_LENGTH = 3

    def lineReceived(self, line):
        emit("line", line.decode())

    def lineLengthExceeded(self, line):
        emit("exceeded", line.decode())
        raise Exception("boom")

    def rawDataReceived(self, data):
        emit("raw", data.decode())
        raise Exception("boom")


def main():
    p = Boom()
    p.makeConnection(StringTransport())
    for chunk in [b"toolong\r\nok\r\n", b"z\r\n"]:
        try:
            p.dataReceived(chunk)
            emit("returned")
        except Exception as e:
            emit("raised", e)
    p.setRawMode()
    for chunk in [b"AAA", b"BBB"]:
        try:
            p.dataReceived(chunk)
            emit("returned")
        except Exception as e:
            emit("raised", e)
