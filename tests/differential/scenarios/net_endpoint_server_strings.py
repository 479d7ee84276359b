"""serverFromString parses Twisted's grammar: positional and keyword arguments, backslash escapes, '=' splitting at the first one, tcp6 in any case; malformed descriptions raise ValueError (a bad number, an unknown type) or TypeError (a missing, unknown or repeated argument)."""
from twisted.internet.endpoints import serverFromString
from twisted.internet.protocol import Factory, Protocol
from twisted.internet.testing import MemoryReactor

from trace import emit, kind


def main():
    for description in [
        "tcp:8080",
        "tcp:8080:interface=127.0.0.1",
        "tcp:port=8080:backlog=7",
        "tcp:8080:backlog=10:interface=\\:\\:1",
        "tcp:80:80",
        "tcp:8080:interface=a=b",
        "tcp: 8_0 ",
        "tcp6:8080",
        "TCP6:8080:interface=\\:\\:1",
        "unix:/tmp/x.sock",
        "unix:/tmp/x.sock:mode=660:lockfile=0",
        "unix:address=/tmp/a\\:b:backlog=3",
        "tcp:",
        "tcp",
        "",
        "tcp:abc",
        "tcp:8080:foo=bar",
        "TCP:80",
        "foo:1",
        "tcp:80:backlog=x",
        "tcp:80:port=81",
        "unix:/tmp/x:mode=9",
    ]:
        reactor = MemoryReactor()
        try:
            endpoint = serverFromString(reactor, description)
            endpoint.listen(Factory.forProtocol(Protocol))
            calls = [list(c[:1]) + list(c[2:]) for c in reactor.tcpServers + reactor.unixServers]
            emit(description, type(endpoint).__name__, calls)
        except Exception as e:
            emit(description, kind(e))
