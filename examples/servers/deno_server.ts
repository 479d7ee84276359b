/**
 * A Deno HTTP server that offloads CPU work to the reactor's thread pool
 * and shuts down cleanly on SIGINT/SIGTERM: it stops accepting, lets the
 * requests in flight finish (their `deferToThread` calls included), stops
 * the pool, and exits 0.
 *
 * ```sh
 * deno run --allow-net=127.0.0.1 --allow-read=. examples/servers/deno_server.ts 8000
 * curl 'localhost:8000/hash?text=hello'     # hashed on a worker thread
 * curl 'localhost:8000/later?text=hello'    # answered 200 ms later (callLater)
 * kill -TERM <pid>                          # drains, then exits 0
 * ```
 *
 * Run the real `deno` binary (not `npx deno`, a Node wrapper that does not
 * pass signals on): `node_modules/deno/deno run …`, or `deno` on your PATH.
 * `--allow-read=.` lets the worker threads load the library and `tasks.ts`
 * from this checkout; imported from JSR, only `tasks.ts` needs it.
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

const slowHash = threadTask<typeof import("./tasks.ts").slowHash>(
  new URL("./tasks.ts", import.meta.url),
  "slowHash",
);

const finished = reactor.run(); // the loop runs alongside the server

const server = Deno.serve({
  port: Number(Deno.args[0] ?? 8000),
  hostname: "127.0.0.1",
  onListen: ({ port }) => console.log(`listening on ${port}`),
}, async (request) => {
  const url = new URL(request.url);
  const text = url.searchParams.get("text") ?? "";
  if (url.pathname === "/later") {
    // wait on the reactor's clock, then hash on a thread
    const later = new Deferred<void>();
    reactor.callLater(0.2, later.callback, undefined);
    await later;
  }
  return new Response(await deferToThread(slowHash, text, 20_000));
});

stopServerOnShutdown(server, { drainTimeout: 5 });
await finished;
console.log("stopped cleanly");
