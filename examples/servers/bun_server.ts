/**
 * A Bun HTTP server that offloads CPU work to the reactor's thread pool
 * and shuts down cleanly on SIGINT/SIGTERM: it stops accepting, lets the
 * requests in flight finish (their `deferToThread` calls included), stops
 * the pool, and exits 0.
 *
 * ```sh
 * bun examples/servers/bun_server.ts 8000
 * curl 'localhost:8000/hash?text=hello'     # hashed on a worker thread
 * curl 'localhost:8000/later?text=hello'    # answered 200 ms later (callLater)
 * kill -TERM <pid>                          # drains, then exits 0
 * ```
 *
 * @module
 */
import {
  Deferred,
  deferToThread,
  reactor,
  stopServerOnShutdown,
  threadTask,
} from "../../mod.ts";

/** What this example uses of Bun's API (so Deno can type-check the file). */
declare const Bun: {
  argv: string[];
  serve(options: {
    port: number;
    hostname: string;
    fetch(request: Request): Promise<Response>;
  }): { port: number; stop(closeActiveConnections?: boolean): Promise<void> };
};

const slowHash = threadTask<typeof import("./tasks.ts").slowHash>(
  new URL("./tasks.ts", import.meta.url),
  "slowHash",
);

const finished = reactor.run(); // the loop runs alongside the server

const server = Bun.serve({
  port: Number(Bun.argv[2] ?? 8000),
  hostname: "127.0.0.1",
  async fetch(request) {
    const url = new URL(request.url);
    const text = url.searchParams.get("text") ?? "";
    if (url.pathname === "/later") {
      // wait on the reactor's clock, then hash on a thread
      const later = new Deferred<void>();
      reactor.callLater(0.2, later.callback, undefined);
      await later;
    }
    return new Response(await deferToThread(slowHash, text, 20_000));
  },
});
console.log(`listening on ${server.port}`);

stopServerOnShutdown(server, { drainTimeout: 5 });
await finished;
console.log("stopped cleanly");
