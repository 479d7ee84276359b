/**
 * The HTTP servers the server bench measures (`server_bench.ts`), one per
 * process: run by Deno (`Deno.serve`) or by Bun (`Bun.serve`), it listens
 * on 127.0.0.1 port 0, prints `{"port": n}` (or `{"absent": "why"}` when
 * its pool is not installed) and answers `GET /hash?text=…` with
 * `slowHash(text, ROUNDS)` until its stdin closes.
 *
 * ```sh
 * deno run -A bench/_http_server.ts MODE ROUNDS THREADS
 * bun bench/_http_server.ts MODE ROUNDS THREADS
 * ```
 *
 * MODE — where the hash runs:
 * - `inline`: in the request handler, on the event loop;
 * - `ours`: `deferToThread` on the reactor's pool (sized to THREADS with
 *   `suggestThreadPoolSize`), the reactor started alongside the server;
 * - `piscina`, `tinypool`: those pools from npm (optional dependencies),
 *   THREADS threads each, on `node:worker_threads`.
 *
 * @module
 */
import process from "node:process";
import { deferToThread, reactor, threadTask } from "../mod.ts";
import { slowHash } from "./_http_task.ts";
import { npmPool } from "./_npm_pools.ts";

type Mode = "inline" | "ours" | "piscina" | "tinypool";
const [mode, roundsText, threadsText] = process.argv.slice(2) as [
  Mode,
  string,
  string,
];
const ROUNDS = Number(roundsText);
const THREADS = Number(threadsText);
const TASK = new URL("./_http_task.ts", import.meta.url);

function say(value: Record<string, number | string>): void {
  process.stdout.write(JSON.stringify(value) + "\n");
}

type Handler = (text: string) => string | PromiseLike<string>;

async function handler(): Promise<[Handler, () => Promise<void>] | null> {
  switch (mode) {
    case "inline":
      return [(text) => slowHash(text, ROUNDS), async () => {}];
    case "ours": {
      const task = threadTask<typeof slowHash>(TASK, "slowHash");
      const finished = reactor.run(); // the loop runs alongside the server
      reactor.suggestThreadPoolSize(THREADS);
      return [(text) => deferToThread(task, text, ROUNDS), async () => {
        reactor.stop();
        await finished;
      }];
    }
    case "piscina":
    case "tinypool": {
      const pool = await npmPool<{ text: string; rounds: number }, string>(
        mode,
        TASK,
        THREADS,
      );
      if (pool === null) return null;
      return [
        (text) => pool.run({ text, rounds: ROUNDS }),
        () => pool.destroy(),
      ];
    }
    default:
      throw new TypeError(`_http_server: unknown mode ${mode}`);
  }
}

interface Served {
  port: number;
  stop(): Promise<void>;
}

const G = globalThis as unknown as {
  Bun?: {
    serve(o: {
      port: number;
      hostname: string;
      fetch(r: Request): Promise<Response>;
    }): { port: number; stop(force?: boolean): Promise<void> | void };
  };
  Deno?: {
    serve(
      o: { port: number; hostname: string; onListen(a: unknown): void },
      h: (r: Request) => Promise<Response>,
    ): { addr: { port: number }; shutdown(): Promise<void> };
  };
};

function serve(handle: Handler): Served {
  const fetch = async (request: Request): Promise<Response> => {
    const text = new URL(request.url).searchParams.get("text") ?? "";
    return new Response(await handle(text));
  };
  if (G.Bun !== undefined) {
    const server = G.Bun.serve({ port: 0, hostname: "127.0.0.1", fetch });
    return {
      port: server.port,
      stop: async () => {
        await server.stop(true);
      },
    };
  }
  const server = G.Deno!.serve(
    { port: 0, hostname: "127.0.0.1", onListen() {} },
    fetch,
  );
  return { port: server.addr.port, stop: () => server.shutdown() };
}

const made = await handler();
if (made === null) {
  say({ absent: `${mode} is not installed (npm optional dependency)` });
} else {
  const [handle, close] = made;
  const server = serve(handle);
  say({ port: server.port });
  // stdin closing is the signal to finish
  process.stdin.resume();
  await new Promise<void>((resolve) => process.stdin.on("end", resolve));
  await server.stop();
  await close();
  say({ done: 1 });
}
process.exit(0);
