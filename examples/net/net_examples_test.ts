/**
 * Each networking example and its Python original, run side by side over
 * real loopback sockets (127.0.0.1, port 0): a server is driven by the same
 * scripted clients and must answer each the same bytes; a client is run
 * against the same scripted server and must print the same lines. The
 * Python side runs under Twisted 22.4 (`PYTHON`, default
 * `/usr/bin/python3`); without it the test is skipped, saying so.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import net from "node:net";
import process from "node:process";
import { fileURLToPath } from "node:url";

const PYTHON = process.env.PYTHON ?? "/usr/bin/python3";
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const IS_DENO = typeof (globalThis as { Deno?: unknown }).Deno !== "undefined";
const LIMIT_MS = 30_000;
const T = { timeout: 120_000 };

const IS_NODE = !IS_DENO &&
  typeof (globalThis as { Bun?: unknown }).Bun === "undefined";

const skip = IS_NODE
  ? "net/ has no socket host for Node yet (it uses Deno.listen/Deno.connect or Bun.listen/Bun.connect); Deno and Bun run the examples"
  : (() => {
    try {
      const r = spawnSync(PYTHON, ["-c", "import twisted"], {
        stdio: "ignore",
      });
      return r.status === 0 ? false : `${PYTHON} cannot import Twisted`;
    } catch {
      return `${PYTHON} cannot be run`;
    }
  })();

/** A running example program. */
interface Program {
  /** Resolves with the first stdout line matching `re`. */
  line(re: RegExp): Promise<string>;
  /** Everything it printed, once it has exited (killed after LIMIT_MS). */
  exited: Promise<{ code: number | null; stdout: string; stderr: string }>;
  kill(): void;
}

function run(lang: "ts" | "py", name: string, args: string[]): Program {
  const file = `examples/net/${name}.${lang}`;
  const [cmd, argv] = lang === "py"
    ? [PYTHON, [file, ...args]]
    : IS_DENO
    ? [process.execPath, ["run", "-A", file, ...args]]
    : [process.execPath, [file, ...args]];
  const child = spawn(cmd, argv, {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  const watchers: { re: RegExp; resolve: (l: string) => void }[] = [];
  child.stdout!.on("data", (d: Uint8Array) => {
    stdout += new TextDecoder().decode(d);
    for (const w of watchers.slice()) {
      const m = stdout.split("\n").find((l) => w.re.test(l));
      if (m !== undefined) {
        watchers.splice(watchers.indexOf(w), 1);
        w.resolve(m);
      }
    }
  });
  child.stderr!.on(
    "data",
    (d: Uint8Array) => stderr += new TextDecoder().decode(d),
  );
  const timer = setTimeout(() => child.kill(), LIMIT_MS);
  const exited = new Promise<
    { code: number | null; stdout: string; stderr: string }
  >(
    (resolve) =>
      child.on("close", (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr });
      }),
  );
  return {
    line(re) {
      const m = stdout.split("\n").find((l) => re.test(l));
      if (m !== undefined) return Promise.resolve(m);
      return Promise.race([
        new Promise<string>((resolve) => watchers.push({ re, resolve })),
        exited.then(({ stderr }) => {
          throw new Error(`${file} exited before printing ${re}: ${stderr}`);
        }),
      ]);
    },
    exited,
    kill: () => child.kill(),
  };
}

/** A scripted client connection. */
class Talk {
  received = "";
  closed: Promise<void>;
  readonly #socket: net.Socket;
  #waiters: (() => void)[] = [];

  constructor(port: number) {
    this.#socket = net.connect(port, "127.0.0.1");
    this.#socket.on("data", (d: Uint8Array) => {
      this.received += new TextDecoder().decode(d);
      for (const w of this.#waiters.splice(0)) w();
    });
    this.closed = new Promise((resolve) =>
      this.#socket.on("close", () => resolve())
    );
    this.#socket.on("error", () => {});
  }

  send(text: string): void {
    this.#socket.write(text);
  }

  /** Waits until everything received so far ends with `text`. */
  async expect(text: string): Promise<void> {
    const end = Date.now() + LIMIT_MS;
    while (!this.received.endsWith(text)) {
      if (Date.now() > end) {
        throw new Error(
          `expected ${JSON.stringify(text)}, got ${
            JSON.stringify(this.received)
          }`,
        );
      }
      await new Promise<void>((resolve) => {
        this.#waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  close(): Promise<void> {
    this.#socket.end();
    return this.closed;
  }
}

/** Runs `scenario` against the server example in both languages. */
async function bothServers(
  name: string,
  scenario: (port: number) => Promise<string[]>,
): Promise<string[]> {
  const transcripts: string[][] = [];
  for (const lang of ["py", "ts"] as const) {
    const server = run(lang, name, ["0"]);
    try {
      const port = Number(
        (await server.line(/^listening on \d+$/)).split(" ")[2],
      );
      transcripts.push(await scenario(port));
    } finally {
      server.kill();
      await server.exited;
    }
  }
  assert.deepEqual(
    transcripts[1],
    transcripts[0],
    `${name}: ours differs from Twisted's`,
  );
  return transcripts[1]!;
}

/** A scripted server: `serve` handles each connection. */
async function scriptedServer(
  serve: (socket: net.Socket, n: number) => void,
): Promise<{ port: number; close(): Promise<void> }> {
  let n = 0;
  const server = net.createServer((s) => {
    s.on("error", () => {});
    serve(s, ++n);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

/**
 * Runs the client example in both languages, each against a fresh server
 * from `serve` (or against a closed port, without one); returns its
 * stdout once both printed the same.
 */
async function bothClients(
  name: string,
  serve?: (socket: net.Socket, n: number) => void,
): Promise<string> {
  const outputs: string[] = [];
  for (const lang of ["py", "ts"] as const) {
    const server = await scriptedServer(serve ?? (() => {}));
    if (serve === undefined) await server.close(); // a closed port
    try {
      const { code, stdout, stderr } = await run(lang, name, [
        String(server.port),
      ]).exited;
      assert.equal(code, 0, `${name}.${lang} exited with ${code}: ${stderr}`);
      outputs.push(stdout);
    } finally {
      if (serve !== undefined) await server.close();
    }
  }
  assert.equal(
    outputs[1],
    outputs[0],
    `${name}: ours printed otherwise than Twisted`,
  );
  return outputs[1]!;
}

describe("examples/net: ours and Twisted's, over loopback", { skip }, () => {
  it("echo_server echoes what each client sends", T, async () => {
    const transcript = await bothServers("echo_server", async (port) => {
      const c = new Talk(port);
      c.send("hello, world!");
      await c.expect("hello, world!");
      c.send("again");
      await c.expect("again");
      await c.close();
      return [c.received];
    });
    assert.deepEqual(transcript, ["hello, world!again"]);
  });

  it(
    "echo_client prints the answer and stops the reactor; or says the connection failed",
    T,
    async () => {
      assert.equal(
        await bothClients(
          "echo_client",
          (s) => s.on("data", (d) => s.write(d)),
        ),
        "Server said: hello, world!\nconnection lost\nConnection lost - goodbye!\n",
      );
      assert.equal(
        await bothClients("echo_client"),
        "Connection failed - goodbye!\n",
      );
    },
  );

  it(
    "chat_server asks for names, refuses a taken one, and relays lines to the others",
    T,
    async () => {
      const transcript = await bothServers("chat_server", async (port) => {
        const a = new Talk(port);
        await a.expect("What's your name?\r\n");
        a.send("alice\r\n");
        await a.expect("Welcome, alice!\r\n");
        const b = new Talk(port);
        await b.expect("What's your name?\r\n");
        b.send("alice\r\n");
        await b.expect("Name taken, please choose another.\r\n");
        b.send("bob\r\n");
        await b.expect("Welcome, bob!\r\n");
        a.send("hi bob\r\n");
        await b.expect("<alice> hi bob\r\n");
        b.send("hello alice\r\n");
        await a.expect("<bob> hello alice\r\n");
        await b.close();
        const c = new Talk(port);
        await c.expect("What's your name?\r\n");
        c.send("bob\r\n"); // free again
        await c.expect("Welcome, bob!\r\n");
        c.send("I am the new bob\r\n");
        await a.expect("<bob> I am the new bob\r\n");
        await Promise.all([a.close(), c.close()]);
        return [a.received, b.received, c.received];
      });
      assert.equal(
        transcript[0],
        "What's your name?\r\nWelcome, alice!\r\n<bob> hello alice\r\n<bob> I am the new bob\r\n",
      );
    },
  );

  it(
    "finger_server answers from a blocking lookup run in a thread, and reports a failing one",
    T,
    async () => {
      const transcript = await bothServers("finger_server", async (port) => {
        const out: string[] = [];
        // two at once: the lookups run in the pool, the reactor serves both
        const [x, y] = [new Talk(port), new Talk(port)];
        x.send("moshez\r\n");
        y.send("glyph\r\n");
        await Promise.all([x.closed, y.closed]);
        out.push(x.received, y.received);
        // "toString" is no user, though every object has one
        for (const user of ["nobody", "toString", "crash"]) {
          const z = new Talk(port);
          z.send(`${user}\r\n`);
          await z.closed;
          out.push(z.received);
        }
        return out;
      });
      assert.deepEqual(transcript, [
        "Happy and well\r\n",
        "Out to lunch\r\n",
        "No such user\r\n",
        "No such user\r\n",
        "Internal error in server\r\n",
      ]);
    },
  );

  it(
    "reconnecting_client reconnects after each lost connection until it stops trying",
    T,
    async () => {
      const out = await bothClients(
        "reconnecting_client",
        (s, n) => s.end(`hello #${n}\r\n`),
      );
      const one = (n: number) =>
        `Started to connect.\nConnected.\nResetting reconnection delay\nReceived: hello #${n}\n` +
        "Lost connection.  Reason: Connection was closed cleanly.\n";
      assert.equal(out, one(1) + one(2) + one(3));
    },
  );
});
