/**
 * Endpoints from description strings (Twisted's `serverFromString`,
 * `clientFromString` and `quoteStringArgument`), with Twisted's grammar.
 *
 * Grammar (Twisted's `_tokenize`/`_parse`): the string is split on `:`
 * into arguments; an argument with `=` is a keyword argument (`name=value`,
 * split at the first `=`: the value may contain more), else positional; a
 * backslash makes the next character literal (`\:`, `\=`, `\\`). The first
 * positional argument names the endpoint type; the rest are given to the
 * type's parameters as Python would call a function — positionally in
 * order, then by name — so a missing, unknown or repeated argument is a
 * `TypeError` (Python's), and a number that does not parse (`int()`, which
 * allows surrounding spaces, a sign and `_` between digits) a `RangeError`
 * (Python's `ValueError`), both naming the description.
 *
 * Server types: `tcp:PORT[:interface=][:backlog=]`,
 * `tcp6:PORT[:backlog=][:interface=::]` (any case),
 * `unix:ADDRESS[:mode=666 (octal)][:backlog=][:lockfile=1]`,
 * `ssl:PORT[:privateKey=server.pem][:certKey=(privateKey)][:interface=][:backlog=][:extraCertChain=]`
 * (PEM files, read now, as Twisted does). Client types (any case):
 * `tcp:HOST:PORT` or `tcp:host=…:port=…` `[:timeout=][:bindAddress=]`,
 * `unix:PATH` or `unix:path=…` `[:timeout=][:lockfile=0]`,
 * `ssl:HOST:PORT[:hostname=][:caCertsDir=][:timeout=]` (the `.pem` files
 * of `caCertsDir` read now).
 *
 * Differences from Twisted, each an error that says so: the endpoint's
 * arguments are checked at once (`tcp:99999` is a `RangeError` here, a
 * failure at `listen` in Twisted); `sslmethod`, `dhParameters` and
 * client certificates (`certKey`/`privateKey` on `ssl:` clients) are not
 * supported (the runtimes choose TLS versions and ciphers); an `ssl:`
 * client always verifies the server, against `hostname` or the host (a
 * Twisted client without `hostname` does not verify); the plugin types
 * `systemd:`, `stdio:`, `haproxy:` and `tls:` do not exist here.
 *
 * @module
 */
import { describeValue } from "../_util/describe.ts";
import type {
  IReactorSSL,
  IReactorTCP,
  IReactorUNIX,
} from "../reactor/io_interfaces.ts";
import type {
  IStreamClientEndpoint,
  IStreamServerEndpoint,
} from "./interfaces.ts";
import { host } from "./_host.ts";
import { SSL4ClientEndpoint, SSL4ServerEndpoint } from "./ssl_endpoints.ts";
import {
  TCP4ClientEndpoint,
  TCP4ServerEndpoint,
  TCP6ServerEndpoint,
} from "./tcp_endpoints.ts";
import { UNIXClientEndpoint, UNIXServerEndpoint } from "./unix_endpoints.ts";

/**
 * A reactor for endpoints of every type: the real `Reactor`, or
 * `MemoryReactor` in tests.
 *
 * @example
 * ```ts
 * import { type EndpointReactor, MemoryReactor, serverFromString } from "@twisted-ts/core/net";
 * const reactor: EndpointReactor = new MemoryReactor();
 * serverFromString(reactor, "unix:/tmp/app.sock:lockfile=0");
 * ```
 */
export type EndpointReactor = IReactorTCP & IReactorUNIX & IReactorSSL;

// ---- the grammar ---------------------------------------------------------

/** Positional and keyword arguments of a description (Twisted's `_parse`). */
function parse(
  what: string,
  description: string,
): [args: string[], kwargs: Map<string, string>] {
  const args: string[] = [];
  const kwargs = new Map<string, string>();
  let sofar: string[] = [];
  let current = "";
  let ops = ":=";
  const add = () => {
    if (sofar.length === 1) args.push(sofar[0]!);
    else kwargs.set(sofar[0]!, sofar[1]!);
    sofar = [];
  };
  for (let i = 0; i < description.length; i++) {
    const c = description[i]!;
    if (ops.includes(c)) {
      sofar.push(current);
      current = "";
      if (c === ":") {
        add();
        ops = ":=";
      } else ops = ":";
    } else if (c === "\\") {
      i++;
      if (i >= description.length) {
        throw new RangeError(
          `${what}: the description ends with a lone backslash (escape a backslash as \\\\), got ${
            describeValue(description)
          }`,
        );
      }
      current += description[i];
    } else current += c;
  }
  sofar.push(current);
  add();
  return [args, kwargs];
}

/**
 * The parameters of one endpoint type, bound as Python binds a call:
 * positionally, then by name; a missing, unknown or repeated one is a
 * `TypeError`.
 */
function bind(
  what: string,
  params: readonly (readonly [
    name: string,
    fallback?: string | number | boolean | null,
  ])[],
  args: readonly string[],
  kwargs: ReadonlyMap<string, string>,
): Map<string, string | number | boolean | null> {
  if (args.length > params.length) {
    throw new TypeError(
      `${what}: takes at most ${params.length} positional arguments (${
        params.map(([n]) => n).join(", ")
      }), got ${args.length}`,
    );
  }
  const bound = new Map<string, string | number | boolean | null>();
  args.forEach((a, i) => bound.set(params[i]![0], a));
  for (const [name, value] of kwargs) {
    if (!params.some(([n]) => n === name)) {
      throw new TypeError(
        `${what}: got an unexpected keyword argument ${JSON.stringify(name)}`,
      );
    }
    if (bound.has(name)) {
      throw new TypeError(
        `${what}: got multiple values for argument ${JSON.stringify(name)}`,
      );
    }
    bound.set(name, value);
  }
  const missing = params.filter(([n, ...rest]) =>
    !bound.has(n) && rest.length === 0
  ).map(([n]) => JSON.stringify(n));
  if (missing.length > 0) {
    throw new TypeError(
      `${what}: missing required argument${missing.length > 1 ? "s" : ""} ${
        missing.join(" and ")
      }`,
    );
  }
  for (const [name, ...rest] of params) {
    if (!bound.has(name)) bound.set(name, rest[0] ?? null);
  }
  return bound;
}

/** Python's `int(text, base)` (spaces around, a sign, `_` between digits). */
function pyInt(
  what: string,
  name: string,
  value: string | number | boolean | null,
  base = 10,
): number {
  if (typeof value === "number") return value;
  if (typeof value === "boolean") return value ? 1 : 0;
  const text = String(value).trim();
  const digits = base === 8 ? "0-7" : "0-9";
  const prefix = base === 8 ? "(?:0[oO]_?)?" : "";
  const re = new RegExp(`^[+-]?${prefix}[${digits}](?:_?[${digits}])*$`);
  if (!re.test(text)) {
    throw new RangeError(
      `${what}: ${name} must be an integer (base ${base}), got ${
        describeValue(value)
      }`,
    );
  }
  const sign = text.startsWith("-") ? -1 : 1;
  const body = text.replace(/^[+-]/, "").replace(/^0[oO]/, "").replaceAll(
    "_",
    "",
  );
  return sign * parseInt(body, base);
}

function str(value: string | number | boolean | null): string {
  return String(value);
}

/**
 * Quotes `argument` for a description string: backslashes and colons get
 * a backslash (Twisted's `quoteStringArgument`).
 *
 * @example
 * ```ts
 * import { quoteStringArgument } from "@twisted-ts/core/net";
 * import assert from "node:assert/strict";
 * assert.equal(quoteStringArgument("C:\\key.pem"), "C\\:\\\\key.pem");
 * ```
 */
export function quoteStringArgument(argument: string): string {
  if (typeof argument !== "string") {
    throw new TypeError(
      `quoteStringArgument: argument must be a string, got ${
        describeValue(argument)
      }`,
    );
  }
  return argument.replaceAll("\\", "\\\\").replaceAll(":", "\\:");
}

function requireDescription(what: string, description: unknown): string {
  if (typeof description !== "string") {
    throw new TypeError(
      `${what}: description must be a string, got ${
        describeValue(description)
      }`,
    );
  }
  return description;
}

// ---- servers -------------------------------------------------------------

/** The text of the file `path` named by argument `name`, or an Error saying so. */
function readFile(what: string, name: string, path: string): string {
  try {
    return host.readTextFile(path);
  } catch (e) {
    throw new Error(
      `${what}: cannot read ${name} ${JSON.stringify(path)}: ${
        e instanceof Error ? e.message : String(e)
      }`,
    );
  }
}

/** The CERTIFICATE blocks of a PEM text. */
function certificatesOf(pem: string): string {
  const blocks = pem.match(
    /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g,
  );
  return blocks === null ? pem : blocks.join("\n");
}

/**
 * A server endpoint from a description string (see the module doc):
 * `"tcp:8080:interface=127.0.0.1"`, `"tcp6:8080"`, `"unix:/run/app.sock"`,
 * `"ssl:443:privateKey=key.pem:certKey=cert.pem"`. A malformed description
 * is a `TypeError` or `RangeError` naming it.
 *
 * @example
 * ```ts
 * import { Reactor } from "@twisted-ts/core";
 * import { Factory, IPv4Address, Protocol, serverFromString } from "@twisted-ts/core/net";
 * import assert from "node:assert/strict";
 * const reactor = new Reactor({ installSignalHandlers: false });
 * const endpoint = serverFromString(reactor, "tcp:0:interface=127.0.0.1");
 * const port = await endpoint.listen(Factory.forProtocol(Protocol));
 * assert.equal((port.getHost() as IPv4Address).host, "127.0.0.1");
 * await port.stopListening();
 * assert.throws(() => serverFromString(reactor, "tcp:http"), RangeError);
 * assert.throws(() => serverFromString(reactor, "carrier-pigeon:1"), /Unknown endpoint type/);
 * ```
 */
export function serverFromString(
  reactor: EndpointReactor,
  description: string,
): IStreamServerEndpoint {
  const text = requireDescription("serverFromString", description);
  const what = `serverFromString(${JSON.stringify(text)})`;
  const [args, kwargs] = parse(what, text);
  const type = args.shift()!;
  switch (type) {
    case "tcp": {
      const b = bind(
        what,
        [["port"], ["interface", ""], ["backlog", 50]],
        args,
        kwargs,
      );
      return new TCP4ServerEndpoint(
        reactor,
        pyInt(what, "port", b.get("port")!),
        pyInt(what, "backlog", b.get("backlog")!),
        str(b.get("interface")!),
      );
    }
    case "unix": {
      const b = bind(
        what,
        [["address"], ["mode", "666"], ["backlog", 50], ["lockfile", true]],
        args,
        kwargs,
      );
      return new UNIXServerEndpoint(
        reactor,
        str(b.get("address")!),
        pyInt(what, "backlog", b.get("backlog")!),
        pyInt(what, "mode", b.get("mode")!, 8),
        pyInt(what, "lockfile", b.get("lockfile")!) !== 0,
      );
    }
    case "ssl": {
      const b = bind(
        what,
        [
          ["port"],
          ["privateKey", "server.pem"],
          ["certKey", null],
          ["sslmethod", null],
          ["interface", ""],
          ["backlog", 50],
          ["extraCertChain", null],
          ["dhParameters", null],
        ],
        args,
        kwargs,
      );
      for (const name of ["sslmethod", "dhParameters"]) {
        if (b.get(name) !== null) {
          throw new RangeError(
            `${what}: ${name} is not supported (the runtime chooses TLS versions and key exchange)`,
          );
        }
      }
      const privateKeyPath = str(b.get("privateKey")!);
      const certKeyPath = b.get("certKey") === null
        ? privateKeyPath
        : str(b.get("certKey")!);
      const key = readFile(what, "privateKey", privateKeyPath);
      // certKey may hold the key too (its default is the key file)
      let certificate = certificatesOf(
        readFile(what, "certKey", certKeyPath),
      );
      const chainPath = b.get("extraCertChain") ?? null;
      if (chainPath !== null) {
        const chain = readFile(what, "extraCertChain", str(chainPath));
        if (!chain.includes("-----BEGIN CERTIFICATE-----")) {
          throw new RangeError(
            `${what}: extraCertChain ${
              JSON.stringify(str(chainPath))
            } doesn't contain any valid certificates in PEM format`,
          );
        }
        certificate += `\n${certificatesOf(chain)}`;
      }
      return new SSL4ServerEndpoint(
        reactor,
        pyInt(what, "port", b.get("port")!),
        { certificate, privateKey: key },
        pyInt(what, "backlog", b.get("backlog")!),
        str(b.get("interface")!),
      );
    }
  }
  const lower = type.toLowerCase();
  if (lower === "tcp6") {
    const b = bind(
      what,
      [["port"], ["backlog", 50], ["interface", "::"]],
      args,
      kwargs,
    );
    return new TCP6ServerEndpoint(
      reactor,
      pyInt(what, "port", b.get("port")!),
      pyInt(what, "backlog", b.get("backlog")!),
      str(b.get("interface")!),
    );
  }
  throw unknownType(what, lower);
}

function unknownType(what: string, lower: string): RangeError {
  const plugins = ["systemd", "stdio", "haproxy", "tls"];
  return new RangeError(
    plugins.includes(lower)
      ? `${what}: endpoint type '${lower}' is a Twisted plugin twisted-ts does not have`
      : `${what}: Unknown endpoint type: '${lower}'`,
  );
}

// ---- clients ---------------------------------------------------------------

/** Twisted's `_parseClientTCP`: host and port, positionally or by name. */
function clientTCP(
  what: string,
  args: string[],
  kwargs: Map<string, string>,
): Map<string, string | number | null> {
  const out = new Map<string, string | number | null>(kwargs);
  if (args.length === 2) {
    out.set("port", args[1]!);
    out.set("host", args[0]!);
  } else if (args.length === 1) {
    if (out.has("host")) out.set("port", args[0]!);
    else out.set("host", args[0]!);
  }
  for (const name of ["port", "timeout"]) {
    if (out.has(name)) out.set(name, pyInt(what, name, out.get(name)!));
  }
  return out;
}

/** The keyword arguments of `names`, others being a `TypeError`. */
function only(
  what: string,
  kwargs: ReadonlyMap<string, string | number | null>,
  required: readonly string[],
  optional: readonly string[],
): void {
  for (const name of kwargs.keys()) {
    if (!required.includes(name) && !optional.includes(name)) {
      throw new TypeError(
        `${what}: got an unexpected keyword argument ${JSON.stringify(name)}`,
      );
    }
  }
  const missing = required.filter((n) => !kwargs.has(n)).map((n) =>
    JSON.stringify(n)
  );
  if (missing.length > 0) {
    throw new TypeError(
      `${what}: missing required argument${missing.length > 1 ? "s" : ""} ${
        missing.join(" and ")
      }`,
    );
  }
}

/** The PEM files of the directory `dir` (Twisted's `caCertsDir`). */
function caCertsIn(what: string, dir: string): string[] {
  let names: string[];
  try {
    names = host.listFiles(dir);
  } catch (e) {
    throw new Error(
      `${what}: cannot read caCertsDir ${JSON.stringify(dir)}: ${
        e instanceof Error ? e.message : String(e)
      }`,
    );
  }
  const certs: string[] = [];
  for (const name of names.filter((n) => n.toLowerCase().endsWith(".pem"))) {
    try {
      certs.push(host.readTextFile(`${dir}/${name}`));
    } catch {
      // unreadable: skipped, as Twisted does
    }
  }
  return certs;
}

/**
 * A client endpoint from a description string (see the module doc):
 * `"tcp:host=example.com:port=80"`, `"tcp:example.com:80"`,
 * `"unix:/run/app.sock"`, `"ssl:example.com:443"`. A malformed
 * description is a `TypeError` or `RangeError` naming it.
 *
 * @example
 * ```ts
 * import { Reactor } from "@twisted-ts/core";
 * import { clientFromString, Factory, Protocol } from "@twisted-ts/core/net";
 * import assert from "node:assert/strict";
 * const reactor = new Reactor({ installSignalHandlers: false });
 * const port = reactor.listenTCP(0, Factory.forProtocol(Protocol), 50, "127.0.0.1");
 * const { port: number } = port.getHost();
 * const endpoint = clientFromString(reactor, `tcp:host=127.0.0.1:port=${number}:timeout=5`);
 * const client = await endpoint.connect(Factory.forProtocol(Protocol));
 * client.transport.loseConnection();
 * await port.stopListening();
 * assert.throws(() => clientFromString(reactor, "tcp:example.com"), TypeError);
 * ```
 */
export function clientFromString(
  reactor: EndpointReactor,
  description: string,
): IStreamClientEndpoint {
  const text = requireDescription("clientFromString", description);
  const what = `clientFromString(${JSON.stringify(text)})`;
  const [args, kwargs] = parse(what, text);
  const type = args.shift()!;
  switch (type.toUpperCase()) {
    case "TCP": {
      const k = clientTCP(what, args, kwargs);
      only(what, k, ["host", "port"], ["timeout", "bindAddress"]);
      return new TCP4ClientEndpoint(
        reactor,
        str(k.get("host")!),
        k.get("port") as number,
        (k.get("timeout") as number | undefined) ?? 30,
        k.has("bindAddress") ? [str(k.get("bindAddress")!), 0] : null,
      );
    }
    case "UNIX": {
      const k = new Map<string, string | number | null>(kwargs);
      if (args.length === 1) k.set("path", args[0]!);
      if (k.has("lockfile")) {
        k.set("checkPID", pyInt(what, "lockfile", k.get("lockfile")!));
        k.delete("lockfile");
      }
      if (k.has("timeout")) {
        k.set("timeout", pyInt(what, "timeout", k.get("timeout")!));
      }
      only(what, k, ["path"], ["timeout", "checkPID"]);
      return new UNIXClientEndpoint(
        reactor,
        str(k.get("path")!),
        (k.get("timeout") as number | undefined) ?? 30,
        Boolean(k.get("checkPID") ?? 0),
      );
    }
    case "SSL": {
      const k = clientTCP(what, args, kwargs);
      const hostname = k.get("hostname");
      const caCertsDir = k.get("caCertsDir");
      for (const name of ["certKey", "privateKey"]) {
        if (k.has(name)) {
          throw new RangeError(
            `${what}: ${name} (a client certificate) is not supported`,
          );
        }
      }
      k.delete("hostname");
      k.delete("caCertsDir");
      only(what, k, ["host", "port"], ["timeout", "bindAddress"]);
      const options = {
        ...(hostname === undefined ? {} : { hostname: str(hostname!) }),
        ...(caCertsDir === undefined
          ? {}
          : { caCerts: caCertsIn(what, str(caCertsDir!)) }),
      };
      return new SSL4ClientEndpoint(
        reactor,
        str(k.get("host")!),
        k.get("port") as number,
        options,
        (k.get("timeout") as number | undefined) ?? 30,
        k.has("bindAddress") ? [str(k.get("bindAddress")!), 0] : null,
      );
    }
  }
  throw unknownType(what, type.toLowerCase());
}
