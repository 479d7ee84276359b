"""clientFromString: host and port positionally or by name, timeout as an int, the type in any case; a missing host or port or an unknown argument is a TypeError, a bad number or an unknown type a ValueError."""
from twisted.internet.endpoints import clientFromString
from twisted.internet.protocol import Factory, Protocol
from twisted.internet.testing import MemoryReactor

from trace import emit, kind


def main():
    for description in [
        "tcp:host=example.com:port=80",
        "tcp:example.com:80",
        "tcp:host=example.com:80",
        "tcp:example.com:port=80",
        "tcp:a:80:timeout=5",
        "TCP:a:80",
        "tcp:\\:\\:1:80",
        "unix:/var/foo",
        "unix:path=/var/foo:lockfile=1:timeout=9",
        "tcp:example.com",
        "tcp:host=a:port=x",
        "tcp:a:80:timeout=1.5",
        "unix:/v:timeout=x",
        "tcp:a:80:bogus=1",
        "foo:a",
        "tcp",
        "tcp:a:b:c",
    ]:
        reactor = MemoryReactor()
        try:
            endpoint = clientFromString(reactor, description)
            endpoint.connect(Factory.forProtocol(Protocol))
            calls = [list(c[:2]) + list(c[3:]) for c in reactor.tcpClients] + [
                [c[0], c[2], bool(c[3])] for c in reactor.unixClients]
            emit(description, type(endpoint).__name__, calls)
        except Exception as e:
            emit(description, kind(e))
