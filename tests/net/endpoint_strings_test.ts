/**
 * serverFromString / clientFromString: Twisted's grammar and argument
 * binding. The expected arguments were taken from Twisted 22.4
 * (`endpoints.serverFromString(MemoryReactor(), s)`, its fields), and the
 * errors' kinds from the exceptions it raises (ValueError → RangeError,
 * TypeError → TypeError); the differential suite runs some against it.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readFileSync } from "node:fs";
import {
  clientFromString,
  Factory,
  MemoryReactor,
  Protocol,
  quoteStringArgument,
  serverFromString,
} from "../../net/mod.ts";

/** What listen() asked of the reactor, per type. */
function listened(description: string): unknown[] {
  const reactor = new MemoryReactor();
  void serverFromString(reactor, description).listen(
    Factory.forProtocol(Protocol),
  );
  const [row] = [
    ...reactor.tcpServers,
    ...reactor.unixServers,
    ...reactor.sslServers,
  ];
  return row!.filter((x) => !(x instanceof Factory));
}

/** What connect() asked of the reactor, per type. */
function connected(description: string): unknown[] {
  const reactor = new MemoryReactor();
  void clientFromString(reactor, description).connect(
    Factory.forProtocol(Protocol),
  );
  const [row] = [
    ...reactor.tcpClients,
    ...reactor.unixClients,
    ...reactor.sslClients,
  ];
  return row!.filter((x) =>
    typeof x !== "object" || x === null || Array.isArray(x)
  );
}

describe("serverFromString", () => {
  it("parses tcp, tcp6 and unix descriptions as Twisted 22.4 does", () => {
    const cases: [string, unknown[]][] = [
      ["tcp:8080", [8080, 50, ""]],
      ["tcp:8080:interface=127.0.0.1", [8080, 50, "127.0.0.1"]],
      ["tcp:port=8080", [8080, 50, ""]],
      ["tcp:8080:backlog=10:interface=\\:\\:1", [8080, 10, "::1"]],
      ["tcp:80:80", [80, 50, "80"]], // the second positional is the interface
      ["tcp:8080:interface=a=b", [8080, 50, "a=b"]], // split at the first '='
      ["tcp: 8_0 ", [80, 50, ""]], // Python's int()
      ["tcp6:8080", [8080, 50, "::"]],
      ["TCP6:8080:interface=\\:\\:1", [8080, 50, "::1"]], // plugins match any case
      ["unix:/tmp/x.sock", ["/tmp/x.sock", 50, 0o666, true]], // lockfile defaults to 1
      ["unix:/tmp/x.sock:mode=660:lockfile=0", [
        "/tmp/x.sock",
        50,
        0o660,
        false,
      ]],
      ["unix:address=/tmp/y", ["/tmp/y", 50, 0o666, true]],
      ["unix:/a\\:b", ["/a:b", 50, 0o666, true]],
    ];
    for (const [description, expected] of cases) {
      assert.deepEqual(listened(description), expected, description);
    }
  });

  it("refuses what Twisted refuses, with the matching error kind, naming the description", () => {
    const reactor = new MemoryReactor();
    const cases: [string, typeof Error, RegExp][] = [
      ["tcp:", RangeError, /port must be an integer/],
      ["tcp", TypeError, /missing required argument "port"/],
      ["", RangeError, /Unknown endpoint type: ''/],
      [
        "tcp:abc",
        RangeError,
        /serverFromString\("tcp:abc"\): port must be an integer \(base 10\), got "abc"/,
      ],
      ["tcp:8080:foo=bar", TypeError, /unexpected keyword argument "foo"/],
      ["TCP:80", RangeError, /Unknown endpoint type: 'tcp'/], // server types are case-sensitive
      ["foo:1", RangeError, /Unknown endpoint type: 'foo'/],
      [" tcp:80", RangeError, /Unknown endpoint type: ' tcp'/],
      ["tcp:80:backlog=x", RangeError, /backlog must be an integer/],
      ["tcp:80:port=81", TypeError, /multiple values for argument "port"/],
      ["tcp:80\\", RangeError, /ends with a lone backslash/],
      // checked at once here; Twisted fails at listen()
      [
        "tcp:99999",
        RangeError,
        /port must be an integer in \[0, 65535\], got 99999/,
      ],
      ["tcp:-1", RangeError, /port must be an integer in \[0, 65535\], got -1/],
      [
        "systemd:domain=INET:index=0",
        RangeError,
        /Twisted plugin twisted-ts does not have/,
      ],
      [
        "ssl:443:privateKey=/nonexistent/key.pem",
        Error,
        /cannot read privateKey "\/nonexistent\/key.pem"/,
      ],
      [
        "ssl:443:sslmethod=TLSv1_METHOD",
        RangeError,
        /sslmethod is not supported/,
      ],
    ];
    for (const [description, kind, message] of cases) {
      assert.throws(
        () => serverFromString(reactor, description),
        (e: unknown) => e instanceof kind && message.test((e as Error).message),
        description,
      );
    }
    assert.throws(
      () => serverFromString(reactor, 8080 as never),
      /description must be a string, got 8080/,
    );
  });

  it("reads an ssl: description's PEM files at once (the certificate may hold the key too)", () => {
    const dir = mkdtempSync(join(tmpdir(), "twisted-ts-pem-"));
    try {
      const cert = readFileSync(
        new URL("./fixtures/server.pem", import.meta.url),
        "utf8",
      );
      const key = readFileSync(
        new URL("./fixtures/server.key", import.meta.url),
        "utf8",
      );
      writeFileSync(join(dir, "both.pem"), `${cert}\n${key}`);
      writeFileSync(join(dir, "key.pem"), key);
      const [port, options, backlog, iface] = listened(
        `ssl:0:privateKey=${
          quoteStringArgument(join(dir, "key.pem"))
        }:certKey=${
          quoteStringArgument(join(dir, "both.pem"))
        }:interface=127.0.0.1`,
      ) as [
        number,
        { certificate: string; privateKey: string },
        number,
        string,
      ];
      assert.deepEqual([port, backlog, iface], [0, 50, "127.0.0.1"]);
      assert.equal(options.privateKey, key);
      assert.equal(
        options.certificate.trim(),
        cert.trim(),
        "only the CERTIFICATE blocks",
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("clientFromString", () => {
  it("parses tcp and unix descriptions as Twisted 22.4 does", () => {
    const cases: [string, unknown[]][] = [
      ["tcp:host=example.com:port=80", ["example.com", 80, 30, null]],
      ["tcp:example.com:80", ["example.com", 80, 30, null]],
      ["tcp:host=example.com:80", ["example.com", 80, 30, null]],
      ["tcp:example.com:port=80", ["example.com", 80, 30, null]],
      ["tcp:a:80:timeout=5", ["a", 80, 5, null]],
      ["TCP:a:80", ["a", 80, 30, null]], // client types match any case
      ["tcp:\\:\\:1:80", ["::1", 80, 30, null]],
      ["unix:/var/foo", ["/var/foo", 30, false]],
      ["unix:path=/var/foo:lockfile=1:timeout=9", ["/var/foo", 9, true]],
    ];
    for (const [description, expected] of cases) {
      assert.deepEqual(connected(description), expected, description);
    }
  });

  it("refuses what Twisted refuses, with the matching error kind", () => {
    const reactor = new MemoryReactor();
    const cases: [string, typeof Error, RegExp][] = [
      ["tcp:example.com", TypeError, /missing required argument "port"/],
      ["tcp:host=a:port=x", RangeError, /port must be an integer/],
      ["tcp:a:80:timeout=1.5", RangeError, /timeout must be an integer/],
      ["unix:/v:timeout=x", RangeError, /timeout must be an integer/],
      ["tcp:a:80:bogus=1", TypeError, /unexpected keyword argument "bogus"/],
      ["foo:a", RangeError, /Unknown endpoint type: 'foo'/],
      ["tcp", TypeError, /missing required arguments "host" and "port"/],
      ["tcp:a:b:c", TypeError, /missing required arguments "host" and "port"/],
      [
        "tls:example.com:443",
        RangeError,
        /Twisted plugin twisted-ts does not have/,
      ],
      // not in Twisted: a bindAddress neither runtime can honour
      [
        "tcp:a:80:bindAddress=10.0.0.1",
        Error,
        /bindAddress \["10\.0\.0\.1",0\] cannot be honoured/,
      ],
      [
        "ssl:a:443:certKey=c.pem",
        RangeError,
        /client certificate\) is not supported/,
      ],
    ];
    for (const [description, kind, message] of cases) {
      assert.throws(
        () => clientFromString(reactor, description),
        (e: unknown) => e instanceof kind && message.test((e as Error).message),
        description,
      );
    }
  });

  it("an ssl: client reads the .pem files of caCertsDir and verifies against hostname (default: the host)", () => {
    const dir = mkdtempSync(join(tmpdir(), "twisted-ts-ca-"));
    try {
      const ca = readFileSync(
        new URL("./fixtures/ca.pem", import.meta.url),
        "utf8",
      );
      writeFileSync(join(dir, "ca.pem"), ca);
      writeFileSync(join(dir, "notes.txt"), "not a certificate");
      const reactor = new MemoryReactor();
      void clientFromString(
        reactor,
        `ssl:127.0.0.1:443:hostname=localhost:caCertsDir=${
          quoteStringArgument(dir)
        }`,
      ).connect(Factory.forProtocol(Protocol));
      void clientFromString(reactor, "ssl:host=example.com:port=443").connect(
        Factory.forProtocol(Protocol),
      );
      const [first, second] = reactor.sslClients;
      assert.deepEqual(first![3], { hostname: "localhost", caCerts: [ca] });
      assert.deepEqual([second![0], second![1], second![3]], [
        "example.com",
        443,
        {},
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("quoteStringArgument", () => {
  it("escapes backslashes and colons so that the parser gives the argument back", () => {
    const path = "C:\\keys\\a:b.pem";
    assert.equal(quoteStringArgument(path), "C\\:\\\\keys\\\\a\\:b.pem");
    assert.deepEqual(
      listened(`unix:${quoteStringArgument(path)}:lockfile=0`)[0],
      path,
    );
    assert.throws(() => quoteStringArgument(1 as never), TypeError);
  });
});
