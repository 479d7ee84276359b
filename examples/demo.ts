/**
 * `deno task demo`: the three classic Twisted programs this project was
 * built from, and a fourth that writes the third as an application would,
 * run one after the other, each under a heading — on real time (about
 * 12.5 s: the first three wait 4 s each, as in Twisted), or with `--fast` on
 * a reactor whose time is a `Clock` (a few milliseconds of virtual
 * waiting; the thread programs still use a real Web Worker).
 *
 * ```sh
 * deno task demo            # real time
 * deno task demo --fast     # virtual time
 * deno task demo --help     # this, and how to run the example servers
 * bun examples/demo.ts --fast
 * ```
 *
 * Each program gets a fresh reactor: a stopped reactor cannot be restarted
 * (as in Twisted, where each is its own process with its own reactor).
 *
 * @module
 */
import process from "node:process";
import { Reactor } from "../mod.ts";
import { main as callbacksErrbacks } from "./callbacks_errbacks.ts";
import { main as singleCallback } from "./single_callback.ts";
import { main as remoteData } from "./remote_data.ts";
import { main as threads } from "./threads.ts";
import { VirtualTimeReactor } from "../testing/mod.ts";

/** A seed program: runs on the reactor it is given. */
type Program = (reactor: Reactor) => Promise<void>;

/** The programs, in order (the seed's three, then ours): heading, file, program. */
export const PROGRAMS: readonly [string, string, Program][] = [
  ["A single callback", "single_callback.ts", (r) => singleCallback(r)],
  [
    "Callbacks and errbacks",
    "callbacks_errbacks.ts",
    (r) => callbacksErrbacks(r),
  ],
  ["Threads", "threads.ts", (r) => threads(r)],
  [
    "Threads, the task in a module of its own",
    "remote_data.ts",
    (r) => remoteData(r),
  ],
];

/** Runs every program, each on a new reactor, with a heading each. */
export async function demo(fast: boolean): Promise<void> {
  console.log(
    `twisted-ts demo: Twisted's seed programs, on ${
      fast ? "virtual time (--fast)" : "real time"
    }`,
  );
  for (const [i, [title, file, program]] of PROGRAMS.entries()) {
    console.log("");
    console.log(`== ${i + 1}. ${title} (examples/${file})`);
    // no signal handlers: Ctrl-C ends the whole demo, not just one program
    await program(
      fast
        ? new VirtualTimeReactor()
        : new Reactor({ installSignalHandlers: false }),
    );
  }
}

/** What `--help` prints. */
export const HELP =
  `twisted-ts demo: Twisted's seed programs, each under a heading.

  deno task demo           real time (about 12 s: three programs wait 4 s)
  deno task demo --fast    virtual time (a VirtualTimeReactor)
  deno task demo --help    this text
  bun examples/demo.ts [--fast]

Permissions (Deno): --allow-read=. (the worker threads load the library and
the task modules from this checkout); nothing else.

The example servers (examples/servers/) shut down cleanly on SIGTERM or
Ctrl-C. For a signal to reach Deno, run the real binary, not \`npx deno\`
(a Node wrapper that does not pass signals on):

  node_modules/deno/deno run --allow-net --allow-read=. examples/servers/deno_server.ts 8000
  deno run --allow-net --allow-read=. examples/servers/deno_server.ts 8000   (deno on PATH)
  bun examples/servers/bun_server.ts 8000
  kill -TERM <pid>         drains the requests in flight, stops the pool, exits 0
`;

if (import.meta.main) {
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => a !== "--fast" && a !== "--help");
  if (unknown.length > 0) {
    console.error(
      `demo: unknown argument ${
        unknown[0]
      } (the options are --fast and --help)`,
    );
    process.exitCode = 2;
  } else if (args.includes("--help")) {
    console.log(HELP);
  } else {
    await demo(args.includes("--fast"));
  }
}
