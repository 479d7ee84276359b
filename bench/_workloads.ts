/**
 * The workloads of the benchmark report and their targets (the issue's
 * numbers), as `bench/all.ts` judges them. Each names the bench that is ours,
 * the alternatives it is compared with (the first is "the native thing"), the
 * Twisted equivalent in `bench/twisted/*.py`, and how many operations one
 * iteration performs. Selectors use the exact groups and names of the
 * `bench/*_bench.ts` files: renaming a bench there means renaming it here
 * (a workload whose bench is missing shows as "not measured").
 *
 * @module
 */
import type { RuntimeName, Target, WorkloadSpec } from "./_results.ts";

const TW_DEFER = "deferred_bench.py";
/** Why the slowest Twisted variants are not run by default. */
const TW_MINUTE = "not run by default (about a minute at 1M; --full)";
const TW_REACTOR = "reactor_bench.py";
const TW_THREADS = "threads_bench.py";
const THREADS = "threads_bench.ts";
const REACTOR = "reactor_bench.ts";
const PENDING = "pending_memory.ts";
/** The groups of `pending_memory.ts` (its `HEAP_GROUP` and `RSS_GROUP`). */
const PENDING_HEAP = "pending calls 1M: JS heap";
const PENDING_RSS = "pending calls 1M: peak resident memory";
const BOTH: RuntimeName[] = ["deno", "bun"];

const DEFER = "deferred_bench.ts";
const NET_PARSE = "net_parse_bench.ts";
const TW_NET_PARSE = "net_parse_bench.py";
const NET = "net_bench.ts";
const TW_NET = "net_bench.py";
const NET_ECHO = "echo: 64 clients × 64 B ping-pong";
/** The raw server of each runtime (its name says which). */
const RAW_SERVER = /^raw (Deno|Bun)\.listen \(baseline\)$/;

/** A metric of `net_bench.ts`, by group and name. */
function netMetric(group: string, name: string | RegExp) {
  return { file: NET, group, name, metric: true } as const;
}

/** Ours against the raw server and node:net, in one net_bench.ts group. */
function netSides(group: string, ours: string) {
  return {
    ours: netMetric(group, ours),
    alternatives: [
      { label: "raw server", select: netMetric(group, RAW_SERVER) },
      { label: "node:net", select: netMetric(group, "node:net") },
    ],
  };
}

/** The network workloads (issue 14): echo, bulk, many idle connections. */
function netWorkloads(): WorkloadSpec[] {
  const echo = (ours: string, twisted: string, factor: number) => ({
    ...netSides(NET_ECHO, ours),
    twisted: {
      file: TW_NET,
      group: NET_ECHO,
      name: twisted,
      metric: true,
    } as const,
    targets: [
      { kind: "within", of: "raw server", factor, runtimes: BOTH },
      { kind: "faster", than: "twisted", factor: 5, runtimes: BOTH },
    ] as Target[],
  });
  return [
    {
      id: "net-echo-protocol",
      title: "Net: echo, 64 clients × 64-byte ping-pong, Protocol",
      per: "round trip",
      ops: 1,
      ...echo("ours: Protocol", "twisted Protocol (epoll)", 1.111),
      chart: true,
    },
    {
      id: "net-echo-cpu",
      title: "Net: echo server's CPU time per round trip, Protocol",
      per: "round trip",
      ops: 1,
      ...netSides("echo: server CPU per round trip", "ours: Protocol"),
      twisted: {
        file: TW_NET,
        group: "echo: server CPU per round trip",
        name: "twisted Protocol (epoll)",
        metric: true,
      },
      targets: [],
    },
    {
      id: "net-echo-line",
      title: "Net: echo, 64 clients × 64-byte ping-pong, LineReceiver",
      per: "round trip",
      ops: 1,
      ...echo("ours: LineReceiver", "twisted LineReceiver (epoll)", 1.25),
      chart: true,
    },
    {
      id: "net-bulk",
      title: "Net: 1 GiB through one connection, streaming producer",
      per: "MiB",
      ops: 1,
      ...netSides("bulk: 1 GiB through one connection", "ours: Protocol"),
      twistedAbsent: "not measured",
      targets: [
        { kind: "within", of: "raw server", factor: 1.111, runtimes: BOTH },
      ],
      chart: true,
    },
    {
      id: "net-bulk-rss",
      title: "Net: server peak RSS above idle while sending 1 GiB",
      per: "run",
      ops: 1,
      unit: "B",
      ...netSides("bulk: server peak RSS above idle", "ours: Protocol"),
      twistedAbsent: "not measured",
      targets: [{ kind: "max", value: 64 * 1024 * 1024, runtimes: BOTH }],
    },
    {
      id: "net-accept",
      title: "Net: accepting 10,000 connections",
      per: "connection",
      ops: 1,
      ...netSides("10,000 idle connections: accept", "ours: Protocol"),
      twistedAbsent: "not measured",
      targets: [
        { kind: "within", of: "raw server", factor: 1.25, runtimes: BOTH },
      ],
    },
    {
      id: "net-idle-memory",
      title: "Net: memory per idle connection (10,000 held)",
      per: "connection",
      ops: 1,
      unit: "B",
      ...netSides(
        "10,000 idle connections: RSS per connection",
        "ours: Protocol",
      ),
      twistedAbsent: "not measured",
      targets: [
        { kind: "within", of: "raw server", factor: 1.5, runtimes: BOTH },
      ],
      chart: true,
    },
  ];
}

const SERVER = "server_bench.ts";

/**
 * The HTTP server offloading a ~4 ms hash per request (issue 13): ours
 * (`deferToThread`) against the hash inline on the event loop and the npm
 * pools piscina and tinypool (optional: absent ones show no figure), for
 * throughput and for the 99th-percentile latency. No target: the issue
 * asks for the figures. Each runtime measures its own server
 * (`Deno.serve`, `Bun.serve`).
 */
function serverWorkloads(): WorkloadSpec[] {
  const THROUGHPUT = "HTTP server, ~4 ms hash per request: throughput";
  const P99 = "HTTP server, ~4 ms hash per request: p99 latency";
  const sides = (group: string) => {
    const select = (name: string) =>
      ({ file: SERVER, group, name, metric: true }) as const;
    return {
      ours: select("ours: deferToThread"),
      alternatives: [
        {
          label: "inline on the event loop",
          select: select("inline on the event loop (baseline)"),
        },
        { label: "piscina", select: select("piscina") },
        { label: "tinypool", select: select("tinypool") },
      ],
    };
  };
  return [
    {
      id: "server-throughput",
      title:
        "Server: Deno.serve / Bun.serve, ~4 ms hash per request, 16 connections: throughput",
      per: "second",
      ops: 1,
      unit: "req/s",
      ...sides(THROUGHPUT),
      twistedAbsent: "no equivalent",
      targets: [],
      listAlternatives: true,
    },
    {
      id: "server-p99",
      title:
        "Server: Deno.serve / Bun.serve, ~4 ms hash per request, 16 connections: p99 latency",
      per: "request",
      ops: 1,
      ...sides(P99),
      twistedAbsent: "no equivalent",
      targets: [],
      listAlternatives: true,
    },
  ];
}

/**
 * `LineReceiver` splitting 1M lines of `size` bytes (CRLF included) that
 * arrive in 64 KiB chunks, per line (against Twisted) or per byte of input
 * (the throughput target).
 */
function parseWorkload(size: number, per: "line" | "byte"): WorkloadSpec {
  const group = `LineReceiver 1M ${size}-byte lines, 64 KiB chunks`;
  const lines = 1_000_000;
  const ops = per === "line" ? lines : lines * size;
  const select = (name: string) => ({ file: NET_PARSE, group, name });
  return {
    id: `net-parse-${size}${per === "byte" ? "-bytes" : ""}`,
    title: per === "line"
      ? `LineReceiver: 1M ${size}-byte lines in 64 KiB chunks, per line`
      : `LineReceiver: 1M ${size}-byte lines in 64 KiB chunks, per byte of input`,
    per,
    ops,
    ours: select("LineReceiver"),
    alternatives: [
      {
        label: "indexOf + subarray floor",
        select: select("floor: indexOf + subarray loop"),
      },
      {
        label: "TextDecoder + string split",
        select: select("TextDecoder + string split"),
      },
      {
        label: "one view per line floor",
        select: select("floor: one view per line, no search"),
      },
      {
        label: "one copy per line floor",
        select: select("floor: one copy per line, no search"),
      },
    ],
    twisted: {
      file: TW_NET_PARSE,
      group,
      name: "twisted LineReceiver (100k lines)",
      ops: per === "line" ? 100_000 : 100_000 * size,
      note: "at 100k lines",
    },
    targets: per === "line"
      ? [{ kind: "faster", than: "twisted", factor: 20, runtimes: BOTH }]
      : [{ kind: "rate", value: 1e9, runtimes: ["bun"] }],
    chart: per === "line",
  };
}

function chainWorkload(
  label: string,
  ops: number,
  fireOnly: boolean,
): WorkloadSpec {
  const big = ops >= 1_000_000;
  const group = fireOnly ? `chain ${label} fire only` : `chain ${label}`;
  const id = `deferred-chain-${label}${fireOnly ? "-fire" : ""}`;
  const targets: Target[] = [];
  if (big && !fireOnly) {
    targets.push(
      { kind: "within", of: "try/catch floor", factor: 3, runtimes: BOTH },
      { kind: "faster", than: ".then chain", factor: 5, runtimes: ["deno"] },
      { kind: "faster", than: ".then chain", factor: 1.7, runtimes: ["bun"] },
      { kind: "faster", than: "twisted", factor: 20, runtimes: BOTH },
    );
  }
  if (big) {
    targets.push({
      kind: "flat",
      vs: `deferred-chain-10k${fireOnly ? "-fire" : ""}`,
      vsLabel: "at 10k",
      context: "try/catch floor",
      factor: 1.5,
      runtimes: BOTH,
    });
  }
  return {
    id,
    title: fireOnly
      ? `Deferred: ${label}-step callback chain, fired only (built untimed)`
      : `Deferred: ${label}-step callback chain, built and fired`,
    per: "step",
    ops,
    ours: {
      file: DEFER,
      group,
      name: fireOnly ? "Deferred, fire only" : "Deferred, build and fire",
    },
    alternatives: [
      {
        label: ".then chain",
        select: {
          file: DEFER,
          group,
          name: fireOnly
            ? "promise .then chain, resolve only"
            : "promise .then chain, build and resolve",
        },
      },
      {
        label: "try/catch floor",
        select: {
          file: DEFER,
          group,
          name: fireOnly
            ? "floor: try/catch loop over stored functions, run only"
            : "floor: try/catch loop over stored functions, build and run",
        },
      },
    ],
    twisted: {
      file: TW_DEFER,
      group,
      name: fireOnly
        ? "twisted Deferred fire only"
        : "twisted Deferred build and fire",
    },
    targets,
    ...(big && fireOnly ? { twistedAbsent: TW_MINUTE } : {}),
    chart: !fireOnly || big,
  };
}

function timerWorkload(label: string, ops: number): WorkloadSpec {
  const big = ops >= 1_000_000;
  return {
    id: `timers-${label}`,
    title:
      `Reactor: ${label} callLater, random delays in [0, 100) ms, all fired`,
    per: "timer",
    ops,
    ours: {
      file: REACTOR,
      group: `timers ${label}`,
      name: "Reactor callLater",
    },
    alternatives: [
      {
        label: "setTimeout",
        select: {
          file: REACTOR,
          group: `timers ${label}`,
          name: "setTimeout",
        },
      },
    ],
    twisted: {
      file: TW_REACTOR,
      group: `timers ${label}`,
      name: "twisted reactor callLater",
    },
    targets: big
      ? [
        { kind: "faster", than: "setTimeout", factor: 5, runtimes: ["deno"] },
        { kind: "faster", than: "setTimeout", factor: 2, runtimes: ["bun"] },
        { kind: "faster", than: "twisted", factor: 10, runtimes: BOTH },
      ]
      : [],
    chart: true,
  };
}

/** A metric of `pending_memory.ts`. */
function pendingMetric(group: string, name: string) {
  return { file: PENDING, group, name, metric: true } as const;
}

/**
 * Memory of 1M pending `callLater`s in a running reactor (issue 15, part
 * 3): the JS heap they keep, and the peak resident memory they cost, each
 * against native `setTimeout`, the same calls made by a timed call, and
 * three floors: the scheduler's heap without handles, with the smallest
 * handle object per call (what any design returning a handle must pay),
 * and with a plain object holding a pending call's five fields (what a
 * handle that keeps its state in itself must pay).
 */
function pendingMemoryWorkloads(): WorkloadSpec[] {
  const sides = (group: string) => ({
    ours: pendingMetric(group, "Reactor callLater"),
    alternatives: [
      { label: "setTimeout", select: pendingMetric(group, "setTimeout") },
      {
        label: "made by a timed call",
        select: pendingMetric(group, "Reactor callLater, made by a timed call"),
      },
      {
        label: "heap arrays alone",
        select: pendingMetric(group, "floor: the scheduler's heap, no handles"),
      },
      {
        label: "heap + 1-field handle",
        select: pendingMetric(
          group,
          "floor: the heap and a one-field object per call",
        ),
      },
      {
        label: "heap + 5-field object",
        select: pendingMetric(
          group,
          "floor: the heap and a five-field object per call",
        ),
      },
    ],
  });
  return [
    {
      id: "pending-memory",
      title: "Reactor: JS heap per pending call (1M pending, running reactor)",
      per: "pending call",
      ops: 1,
      unit: "B",
      ...sides(PENDING_HEAP),
      twisted: {
        file: TW_REACTOR,
        group: "memory per pending call",
        name: "twisted DelayedCall",
        metric: true,
        note: "tracemalloc, at 100k",
      },
      targets: [{ kind: "max", value: 150, runtimes: BOTH }],
      chart: true,
    },
    {
      id: "pending-memory-rss",
      title:
        "Reactor: peak resident memory per pending call (1M pending, running reactor)",
      per: "pending call",
      ops: 1,
      unit: "B",
      ...sides(PENDING_RSS),
      twisted: {
        file: TW_REACTOR,
        group: PENDING_RSS,
        name: "twisted reactor callLater",
        metric: true,
      },
      targets: [
        { kind: "max", value: 150, runtimes: BOTH },
        { kind: "within", of: "setTimeout", factor: 1, runtimes: BOTH },
      ],
      chart: true,
    },
  ];
}

const COLD = "cold_threads.ts";

/**
 * The pool as a fresh process meets it (issue 15, part 2): 100k tasks
 * through `deferToThreadPool` + `gatherResults` on a 2-worker pool, timed
 * from the first submit after one warm-up task per worker, one process per
 * sample; against raw `postMessage` + `Promise.all`, our pool without its
 * shared-memory ring, and piscina and tinypool (optional: absent ones show
 * no figure). And the peak resident memory per task in flight.
 */
function coldPoolWorkloads(): WorkloadSpec[] {
  const sides = (group: string) => {
    const select = (name: string) =>
      ({ file: COLD, group, name, metric: true }) as const;
    return {
      ours: select("ours: deferToThreadPool + gatherResults"),
      alternatives: [
        {
          label: "raw postMessage",
          select: select("raw postMessage + Promise.all"),
        },
        {
          label: "messages only (before the ring)",
          select: select("ours, messages only (sharedMemory: false)"),
        },
        {
          label: "ours, fixed concurrency 16",
          select: select("ours, fixed concurrency 16 (no adaptive depth)"),
        },
        { label: "piscina", select: select("piscina") },
        { label: "tinypool", select: select("tinypool") },
      ],
    };
  };
  return [
    {
      id: "cold-pool-throughput",
      title:
        "Threads, fresh process: 100k deferToThreadPool + gatherResults, 2-worker pool",
      per: "task",
      ops: 1,
      unit: "tasks/s",
      ...sides("cold pool 100k: tasks per second"),
      twistedAbsent: "see the warm row",
      targets: [
        { kind: "rate", value: 300_000, runtimes: ["deno"] },
        { kind: "rate", value: 500_000, runtimes: ["bun"] },
      ],
      listAlternatives: true,
    },
    {
      id: "cold-pool-rss",
      title:
        "Threads, fresh process: peak resident memory per task in flight (100k)",
      per: "task",
      ops: 1,
      unit: "B",
      ...sides("cold pool 100k: peak resident memory per task"),
      twistedAbsent: "no equivalent",
      targets: [],
      listAlternatives: true,
    },
  ];
}

/**
 * The workloads and targets of the issue. Selectors follow the groups and
 * names of `bench/*_bench.ts` and `bench/twisted/*.py`.
 */
export const WORKLOADS: WorkloadSpec[] = [
  chainWorkload("10k", 10_000, false),
  chainWorkload("100k", 100_000, false),
  chainWorkload("1M", 1_000_000, false),
  chainWorkload("10k", 10_000, true),
  chainWorkload("1M", 1_000_000, true),
  {
    id: "deferred-chain-1M-fire-4",
    title: "Deferred: 1M-step chain of 4 distinct callbacks, fired only",
    per: "step",
    ops: 1_000_000,
    ours: {
      file: DEFER,
      group: "chain 1M fire only, 4 distinct callbacks",
      name: "Deferred, fire only",
    },
    alternatives: [
      {
        label: ".then chain",
        select: {
          file: DEFER,
          group: "chain 1M fire only, 4 distinct callbacks",
          name: "promise .then chain, resolve only",
        },
      },
      {
        label: "try/catch floor",
        select: {
          file: DEFER,
          group: "chain 1M fire only, 4 distinct callbacks",
          name: "floor: try/catch loop over stored functions, run only",
        },
      },
    ],
    twisted: {
      file: TW_DEFER,
      group: "chain 1M fire only",
      name: "twisted Deferred fire only",
    },
    targets: [
      { kind: "within", of: "try/catch floor", factor: 3, runtimes: BOTH },
    ],
    twistedAbsent: TW_MINUTE,
    chart: true,
  },
  {
    id: "deferred-many",
    title: "Deferred: 100k Deferreds × 10 callbacks, each fired",
    per: "callback",
    ops: 1_000_000,
    ours: {
      file: DEFER,
      group: "100k deferreds x 10 callbacks",
      name: "Deferreds, 10 addCallback each, then callback",
    },
    alternatives: [{
      label: "promises",
      select: {
        file: DEFER,
        group: "100k deferreds x 10 callbacks",
        name: "promises, 10 .then each",
      },
    }],
    twisted: {
      file: TW_DEFER,
      group: "100k deferreds x 10 callbacks",
      name: "twisted Deferred",
    },
    targets: [],
    chart: true,
  },
  ...(["10k", "100k", "1M"] as const).map((label): WorkloadSpec => ({
    id: `deferred-chaining-${label}`,
    title: `Deferred: ${label} callbacks each returning a fired Deferred`,
    per: "step",
    ops: label === "10k" ? 10_000 : label === "100k" ? 100_000 : 1_000_000,
    ours: {
      file: DEFER,
      group: `chaining ${label}`,
      name: "Deferred callbacks returning fired Deferreds",
    },
    alternatives: [{
      label: "promises",
      select: {
        file: DEFER,
        group: `chaining ${label}`,
        name: "promise .then returning resolved promises",
      },
    }],
    twisted: {
      file: TW_DEFER,
      group: `chaining ${label}`,
      name: "twisted Deferred",
    },
    targets: [],
    ...(label === "1M" ? { twistedAbsent: TW_MINUTE } : {}),
    chart: label === "1M",
  })),
  timerWorkload("100k", 100_000),
  timerWorkload("1M", 1_000_000),
  {
    id: "schedule-cancel",
    title: "Reactor: callLater + cancel, 100k pairs",
    per: "pair",
    ops: 100_000,
    ours: {
      file: REACTOR,
      group: "schedule+cancel 100k",
      name: "Reactor callLater+cancel",
    },
    alternatives: [
      {
        label: "setTimeout+clearTimeout",
        select: {
          file: REACTOR,
          group: "schedule+cancel 100k",
          name: "setTimeout+clearTimeout",
        },
      },
    ],
    twisted: {
      file: TW_REACTOR,
      group: "schedule+cancel 100k",
      name: "twisted reactor callLater+cancel",
    },
    targets: [{ kind: "max", value: 100, runtimes: BOTH }],
    chart: true,
  },
  ...([["10k", 10_000], ["100k", 100_000]] as const).map((
    [label, ops],
  ): WorkloadSpec => ({
    id: `run-until-current-${label}`,
    title: `Reactor: runUntilCurrent over ${label} due calls`,
    per: "call",
    ops,
    ours: {
      file: REACTOR,
      group: `runUntilCurrent ${label}`,
      name: "Reactor runUntilCurrent",
    },
    alternatives: [{
      label: "try/catch floor",
      select: {
        file: REACTOR,
        group: `runUntilCurrent ${label}`,
        name: "floor: loop over the functions, each in try/catch",
      },
    }],
    twisted: {
      file: TW_REACTOR,
      group: `runUntilCurrent ${label}`,
      name: "twisted reactor",
    },
    targets: [],
    chart: label === "100k",
  })),
  ...([["1k", 1_000], ["10k", 10_000], ["100k", 100_000]] as const).map((
    [label, ops],
  ): WorkloadSpec => {
    const group = `Clock.advance ${label}`;
    const floor = {
      label: "hardware floor",
      select: {
        file: REACTOR,
        group,
        name: "floor: a handle per call, each called in deadline order",
      },
    };
    const twistedAlgorithm = {
      label: "Twisted's algorithm in JS",
      select: {
        file: REACTOR,
        group,
        name: "sorted list re-sorted per call (Twisted's algorithm)",
      },
    };
    const spec: WorkloadSpec = {
      id: `clock-advance-${label}`,
      title: `Clock: callLater × ${label}, then advance past them all`,
      per: "call",
      ops,
      ours: { file: REACTOR, group, name: "Clock callLater + advance" },
      alternatives: ops < 100_000 ? [twistedAlgorithm, floor] : [floor],
      targets: [],
      chart: ops >= 10_000,
    };
    if (ops < 100_000) {
      spec.twisted = {
        file: TW_REACTOR,
        group: `Clock schedule+advance ${label}`,
        name: "twisted Clock schedule+advance",
      };
    } else {
      spec.twistedAbsent = "not run (quadratic: 10k calls take seconds)";
      spec.targets.push({
        kind: "growth",
        vs: "clock-advance-10k",
        vsLabel: "10k",
        max: 1.2,
        context: "hardware floor",
        runtimes: BOTH,
      });
    }
    if (ops === 10_000) {
      spec.twistedGrowth = {
        from: {
          file: TW_REACTOR,
          group: "Clock schedule+advance 1k",
          name: "twisted Clock schedule+advance",
        },
        fromOps: 1_000,
        label: "1k",
      };
    }
    return spec;
  }),
  {
    id: "heap-layout",
    title: "Scheduler heap: push 1M random keys, pop them all",
    per: "key",
    ops: 1_000_000,
    ours: {
      file: REACTOR,
      group: "heap layout 1M",
      name: "typed arrays (the scheduler's heap)",
    },
    alternatives: [{
      label: "array of objects",
      select: {
        file: REACTOR,
        group: "heap layout 1M",
        name: "array of objects",
      },
    }],
    targets: [],
  },
  ...pendingMemoryWorkloads(),
  {
    id: "pool-throughput",
    title: "Threads: 100k trivial tasks through a 2-worker pool",
    per: "task",
    ops: 100_000,
    ours: {
      file: THREADS,
      group: "pool throughput 100k",
      name: "deferToThreadPool, 2-thread pool, Deferreds fired on the reactor",
    },
    alternatives: [
      {
        label: "raw postMessage",
        select: {
          file: THREADS,
          group: "pool throughput 100k",
          name: "raw postMessage, 2 workers, one message per task",
        },
      },
    ],
    twisted: {
      file: TW_THREADS,
      group: "pool throughput 100k",
      name: "twisted deferToThread",
      ops: 1,
    },
    targets: [
      { kind: "rate", value: 100_000, runtimes: ["deno"] },
      { kind: "rate", value: 125_000, runtimes: ["bun"] },
    ],
    chart: true,
  },
  ...coldPoolWorkloads(),
  {
    id: "round-trip-spin",
    title: "Threads: single-task round trip with the opt-in spin",
    per: "task",
    ops: 1,
    ours: {
      file: THREADS,
      group: "round trip",
      name: "deferToThreadPool round trip, spinMicros 500 (opt-in spin)",
    },
    alternatives: [
      {
        label: "postMessage ping-pong",
        select: {
          file: THREADS,
          group: "round trip",
          name: "postMessage ping-pong, one worker",
        },
      },
      {
        label: "spin, no reactor turn",
        select: {
          file: THREADS,
          group: "round trip",
          name:
            "round trip, spinMicros 500, pool and Deferred: deferToThreadPool fired at once (no reactor turn)",
        },
      },
      {
        label: "no spin",
        select: {
          file: THREADS,
          group: "round trip",
          name: "deferToThreadPool round trip, 2-thread pool",
        },
      },
    ],
    twistedAbsent: "no equivalent",
    targets: [{
      kind: "within",
      of: "postMessage ping-pong",
      factor: 0.5,
      runtimes: BOTH,
    }],
    listAlternatives: true,
  },
  {
    id: "round-trip",
    title: "Threads: single-task round trip",
    per: "task",
    ops: 1,
    ours: {
      file: THREADS,
      group: "round trip",
      name: "deferToThreadPool round trip, 2-thread pool",
    },
    alternatives: [
      {
        label: "postMessage ping-pong",
        select: {
          file: THREADS,
          group: "round trip",
          name: "postMessage ping-pong, one worker",
        },
      },
      {
        label: "messages only (before the ring)",
        select: {
          file: THREADS,
          group: "round trip",
          name:
            "deferToThreadPool round trip, messages only (sharedMemory: false)",
        },
      },
    ],
    twisted: {
      file: TW_THREADS,
      group: "round trip",
      name: "twisted deferToThread",
    },
    targets: [{
      kind: "within",
      of: "postMessage ping-pong",
      factor: 1.2,
      runtimes: BOTH,
    }],
    chart: true,
  },
  {
    id: "idle-cpu",
    title: "Reactor: CPU used while idle, one far call pending",
    per: "idle second",
    ops: 1,
    unit: "ms/s",
    ours: {
      file: "idle_cpu.ts",
      group: "idle reactor CPU",
      name: "Reactor",
      metric: true,
    },
    alternatives: [
      {
        label: "idle runtime",
        select: {
          file: "idle_cpu.ts",
          group: "idle reactor CPU",
          name: "native setTimeout",
          metric: true,
        },
      },
    ],
    twisted: {
      file: "idle_cpu.py",
      group: "idle reactor CPU",
      name: "twisted reactor",
      metric: true,
    },
    // "No CPU": a busy or polling loop costs 10-1000 ms/s; the idle
    // runtime itself measures 0.2-1 ms/s here, so 2 ms/s tolerates noise.
    targets: [{ kind: "max", value: 2, runtimes: BOTH }],
  },
  parseWorkload(16, "line"),
  parseWorkload(64, "line"),
  parseWorkload(16, "byte"),
  parseWorkload(64, "byte"),
  ...netWorkloads(),
  ...serverWorkloads(),
];
