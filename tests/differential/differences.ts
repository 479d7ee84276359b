/**
 * Every place where twisted-ts deliberately behaves differently from
 * Twisted 22.4, each pinned by a differential scenario whose traces must
 * differ (`run.ts` fails if a declared scenario stops differing, and fails
 * on any undeclared difference). The README's migration table is checked
 * against {@linkcode migrationRows}.
 *
 * @module
 */

/** One deliberate difference from Twisted. */
export interface Difference {
  /** The scenario (in `scenarios/`) whose traces show the difference. */
  readonly scenario: string;
  /** The API it concerns, as a Twisted user would look it up. */
  readonly api: string;
  /** What Twisted 22.4 does. */
  readonly twisted: string;
  /** What twisted-ts does instead. */
  readonly ours: string;
  /** Why. */
  readonly why: string;
}

/** The declared differences, in the order the README lists them. */
export const DIFFERENCES: readonly Difference[] = [
  {
    scenario: "deferred_errback_without_argument",
    api: "`Deferred.errback()` / `fail()` without an argument",
    twisted:
      "wraps the exception being handled; outside an `except` block raises `NoCurrentExceptionError` and leaves the Deferred unfired",
    ours: "fails the Deferred with an `Error` saying no reason was given",
    why: 'JavaScript has no "exception currently being handled" to capture',
  },
  {
    scenario: "deferred_callback_returns_own_deferred",
    api: "a callback returning the Deferred it is attached to",
    twisted:
      "emits a `DeprecationWarning` and the Deferred waits on itself forever",
    ours: "the result becomes a `TypeError` failure and the chain goes on",
    why:
      "Twisted announces that this will become an error; waiting forever helps nobody",
  },
  {
    scenario: "deferred_callback_with_deferred_rejected",
    api: "`Deferred.callback(aDeferred)`",
    twisted: "`AssertionError`",
    ours: "`TypeError` naming the argument",
    why:
      "bad arguments get a `TypeError`/`RangeError` at the call site (house rule); JavaScript has no `assert` statement",
  },
  {
    scenario: "lock_release_when_unlocked_rejected",
    api:
      "`DeferredLock.release()` unlocked, `DeferredSemaphore.release()` too often",
    twisted: "`AssertionError`",
    ours: "`RangeError` saying what was released too often",
    why:
      "bad calls get a `TypeError`/`RangeError` at the call site (house rule); JavaScript has no `assert` statement",
  },
  {
    scenario: "lock_many_queued_runs_use_constant_stack",
    api:
      "`DeferredLock.run` / `DeferredSemaphore.run` with many queued synchronous calls",
    twisted:
      "each release hands over recursively: a few hundred queued calls overflow the stack, and the lock stays held with the rest still waiting",
    ours:
      "a release made inside the hand-over's own callbacks fires the next waiter after they return: any number of queued calls run, in order, at constant stack",
    why: "a queue of work must not crash on its length",
  },
  {
    scenario: "queue_put_deferred_rejected",
    api: "`DeferredQueue.put(aDeferred)`",
    twisted:
      "accepted; the `get()` that would deliver it raises `AssertionError`",
    ours: "`put` throws a `TypeError` at once",
    why:
      "a Deferred never fires with a Deferred: report the mistake where it is made",
  },
  {
    scenario: "queue_and_semaphore_check_their_sizes",
    api: "`DeferredQueue(size, backlog)`, `DeferredSemaphore(tokens)`",
    twisted:
      "a negative size/backlog or a fractional token count is accepted (and misbehaves later)",
    ours:
      "`RangeError` at construction unless they are integers >= 0 (tokens >= 1)",
    why: "bad arguments get a `RangeError` at the call site (house rule)",
  },
  {
    scenario: "inline_callbacks_returning_a_deferred",
    api: "`inlineCallbacks` generator returning a Deferred",
    twisted:
      "`AssertionError` from `callback()`: raised from the call if no real suspension happened yet, otherwise the returned Deferred never fires",
    ours:
      "the returned Deferred fails with a `TypeError` (write `return yield d`)",
    why: "one predictable outcome instead of two accidents",
  },
  {
    scenario: "ensure_deferred_native_async_resumes_later",
    api: "`ensureDeferred(coroutine)` with a native `async` function",
    twisted:
      "the coroutine runs synchronously up to its first unfired `await`, so the Deferred may already have fired when `ensureDeferred` returns",
    ours:
      "an `async` function resumes from the microtask queue: the Deferred fires later; pass a generator (`function*`) for Twisted's synchronous resumption",
    why: "JavaScript resumes `await` asynchronously, always",
  },
  {
    scenario: "deferred_await_pending_leaves_result",
    api: "`await d` on a Deferred that has not fired yet",
    twisted:
      "the coroutine gets the result, and the Deferred's own result becomes `None` (the coroutine driver's callback takes it); a second `await` of it from the resumed coroutine raises `AssertionError` if it failed",
    ours:
      "the result (value or `Failure`) stays the Deferred's, exactly as when awaiting a Deferred that has already fired (where Twisted keeps it too); an awaited failure counts as handled",
    why:
      "awaiting observes a result without taking it, as with a promise; one rule whether or not the Deferred had fired",
  },
  {
    scenario: "reactor_call_from_thread_after_shutdown",
    api: "`callFromThread` after the reactor has shut down",
    twisted:
      "queues the call for a loop that never runs again (a stopped reactor cannot restart): it never runs",
    ours:
      "runs it soon, on the host, in order (after `shutdown`'s `during` phase)",
    why:
      "a forced shutdown (a second signal) fails the thread pool's tasks, and their Deferreds fire through `callFromThread`: no Deferred may be left pending",
  },
  {
    scenario: "reactor_stop_wakes_the_loop",
    api: "`reactor.stop()` called from outside the loop while it waits",
    twisted:
      "does not wake the loop: shutdown waits for the next timed call (for ever if there is none)",
    ours: "calls `wakeUp()`: the wait ends and shutdown runs in the next pass",
    why:
      "in JavaScript, host callbacks (a `Deno.serve` handler, a `setTimeout`) run outside the loop and may well call `stop()`",
  },
  {
    scenario: "reactor_loop_sleeps_while_startup_waits",
    api:
      "the run loop while a `before`-`startup` trigger's Deferred has not fired",
    twisted:
      "`doIteration` gets `running and timeout()`, i.e. `False`: the loop polls without sleeping until startup is done",
    ours:
      "`doIteration` gets `timeout()`: the loop sleeps until the next timed call",
    why:
      "the loop never spins; the startup Deferred fires from its own callback, not from a poll",
  },
  {
    scenario: "reactor_equal_deadlines_heap_order",
    api: "`reactor.callLater` calls due at the same time",
    twisted:
      "run in the order of Python's `heapq` layout (twelve calls: 0, 2, 6, 11, 10, 9, 8, 5, 7, 4, 1, 3)",
    ours: "run first-in-first-out, as on `Clock`",
    why:
      "one ordering rule for `Clock` and `Reactor`: tests on a `Clock` then predict production",
  },
  {
    scenario: "reactor_negative_delay_rejected",
    api: "`reactor.callLater(delay, …)` with a negative delay",
    twisted: "`AssertionError`",
    ours: "`RangeError` naming the delay (NaN and infinite delays too)",
    why:
      "bad arguments get a `RangeError` at the call site (house rule); JavaScript has no `assert` statement",
  },
  {
    scenario: "reactor_timeout_is_capped",
    api: "`reactor.timeout()` for a far-away call",
    twisted: "capped at 2147483 seconds",
    ours: "capped at 2147483.647 seconds",
    why:
      "the cap is the host timer's limit, 2^31 - 1 milliseconds; longer waits are re-armed",
  },
  {
    scenario: "reactor_timeout_counts_a_cancelled_call_at_the_top",
    api: "`reactor.timeout()` with a cancelled call at the top of the heap",
    twisted:
      'the cancelled call still sets the timeout until a pass pops it, and a heap of only cancelled calls is not "nothing scheduled"',
    ours:
      "cancelled calls do not count: the next live call sets it, or `undefined` when none is left",
    why: "the loop never wakes up for a call that will not run",
  },
  {
    scenario: "reactor_compacts_many_cancelled_calls",
    api:
      "the reactor's compaction of cancelled calls, seen through `timeout()`",
    twisted:
      "cancelled calls linger in the heap (and in `timeout()`) until more than 50 and more than half of it are cancelled",
    ours:
      "the same compaction rule, but `timeout()` never sees a cancelled call, so compaction is invisible",
    why:
      "dead entries are dropped as they reach the top; compaction only bounds memory",
  },
  {
    scenario: "clock_negative_delay_rejected",
    api: "`Clock.callLater(delay, …)` with a negative delay",
    twisted: "accepted: the call is due at once",
    ours:
      "`RangeError` naming the delay, as on the reactor (NaN and infinite delays too)",
    why:
      "one rule for every `callLater`: a negative delay is a bug in the caller (house rule)",
  },
  {
    scenario: "clock_advance_backwards_rejected",
    api: "`Clock.advance(amount)` with a negative amount",
    twisted: "time moves backwards",
    ours: "`RangeError`; time does not go backwards",
    why: "a monotonic clock is what the code under test assumes",
  },
  {
    scenario: "clock_moved_call_goes_behind_equal_deadlines",
    api: "`DelayedCall.reset`/`delay` on a `Clock`, onto another call's time",
    twisted:
      "the moved call keeps its place in the clock's sorted list, so it can run before a call scheduled earlier for that time",
    ours:
      "the moved call goes behind the calls already due at its new time (it is re-queued)",
    why:
      "`Clock` and `Reactor` share one heap ordered by (time, sequence); moving a call re-queues it",
  },
  {
    scenario: "thread_pool_task_fires_a_passed_deferred",
    api:
      "a pool thread calling the `d.callback` it was handed (`reactor.callInThread(f, d.callback, …)`, the seed's third program)",
    twisted:
      "the pool thread fires the Deferred itself, so its callbacks run in that thread (`threading.current_thread()` names the pool thread) — a race Twisted's docs warn about",
    ours:
      "`d.callback` reaches the thread as a proxy that runs the real one on the reactor thread (`callFromThread`): the callbacks run there, and `currentThread().name` is `MainThread`",
    why:
      "JavaScript threads share no memory: a function cannot run in another thread, and on the reactor thread a Deferred is safe",
  },
  {
    scenario: "thread_pool_refuses_work_after_stop",
    api: "`ThreadPool.callInThread…` after `stop()`",
    twisted:
      "the task is silently dropped: it never runs and nothing is reported",
    ours:
      "`onResult(false, Failure(AlreadyQuit))`, or `log.err` when there is no `onResult`",
    why:
      "no submitted task is ever left unsettled, and nothing is lost silently",
  },
  {
    scenario: "thread_pool_stop_fails_work_that_never_started",
    api: "`ThreadPool.stop()` with a backlog and no worker to take it",
    twisted: "the backlogged tasks never run and are never reported",
    ours: "each one is failed with `AlreadyQuit`",
    why: "no submitted task is ever left unsettled",
  },
  {
    scenario: "thread_pool_limits_checked",
    api: "`ThreadPool(minthreads, maxthreads)`, `adjustPoolsize`",
    twisted:
      "`AssertionError` for a negative minimum or a minimum above the maximum",
    ours: "`RangeError` naming the limit and its value (also for non-integers)",
    why:
      "bad arguments get a `RangeError` at the call site (house rule); JavaScript has no `assert` statement",
  },
  {
    scenario: "thread_pool_default_size",
    api: "`ThreadPool()`, `reactor.getThreadPool()` sizes",
    twisted:
      "`ThreadPool()` keeps 5 to 20 threads; the reactor's pool up to 10",
    ours:
      "`ThreadPool()` keeps min(5, cores) to cores workers; the reactor's pool up to the core count (`navigator.hardwareConcurrency`)",
    why:
      "Python threads share one core under the GIL, so more threads than cores cost little; JavaScript workers run in parallel, each with its own heap: more than the cores only adds memory",
  },
  {
    scenario: "thread_pool_lone_maxthreads",
    api: "`ThreadPool(maxthreads=2)` (a maximum below the default minimum)",
    twisted: "`AssertionError`: the default minimum (5) exceeds it",
    ours: "the minimum defaults to the maximum when that is below 5",
    why:
      "a lone `maxthreads` is a request for a small pool, not a contradiction",
  },
  {
    scenario: "looping_call_misuse_raises",
    api: "`LoopingCall.start` while running, `stop`/`reset` while stopped",
    twisted: "`AssertionError`",
    ours:
      "an `Error` saying what was misused (a bad interval: `RangeError`/`TypeError`, as in Twisted's `ValueError`)",
    why: "JavaScript has no `assert` statement; the message names the misuse",
  },
  {
    scenario: "looping_call_restart_while_function_runs",
    api:
      "`LoopingCall.start()` again while the stopped loop's function is still running",
    twisted:
      "the first run's Deferred never fires and both runs keep looping (two calls per interval)",
    ours:
      "the first run ends (its Deferred fires) when the pending call completes; only the new run loops",
    why: "each `start()` is one run with one Deferred; a loop never doubles",
  },
  {
    scenario: "looping_call_with_count_after_restart",
    api: "`LoopingCall.withCount` after `stop()` and `start()`",
    twisted:
      "the first count also includes the intervals that passed while stopped",
    ours: "counting starts again from the new start",
    why: "a restarted loop is a new run",
  },
  {
    scenario: "cooperator_stop_ends_every_task",
    api: "`Cooperator.stop()` with several running tasks",
    twisted:
      "removes tasks from the list it iterates, so every second task is skipped and never finishes",
    ours: "every task ends with `SchedulerStopped`",
    why: "a Twisted 22.4 bug: no task may be left unsettled",
  },
  {
    scenario: "cooperator_late_failure_of_a_yielded_deferred",
    api: "a Deferred a `Cooperator` task yielded, failing after the task ended",
    twisted:
      "`AlreadyCalledError` is raised into it, so the unhandled error reported is that, and the real failure is lost",
    ours: "the real failure goes to `log`",
    why: "nothing swallowed is lost",
  },
  {
    scenario: "lock_worker_exception_keeps_queued_work",
    api: "`LockWorker.do` when an item raises",
    twisted:
      "the exception escapes `do()` and the items queued behind it are dropped",
    ours:
      "the items queued behind it still run, then the first exception escapes `do()` (later ones go to `log.err`)",
    why: "no accepted work is silently lost",
  },
  {
    scenario: "team_create_worker_exception_keeps_task",
    api: "`Team` when `createWorker` raises",
    twisted:
      "the exception escapes the coordinator and the task being placed is lost",
    ours:
      "the task goes back to the backlog before the exception escapes, and runs once a worker exists",
    why: "no accepted work is silently lost",
  },
  {
    scenario: "team_log_exception_raising_still_recycles",
    api: "`Team` when `logException` raises",
    twisted:
      "the exception escapes the worker, which is never handed back (it stays busy forever)",
    ours: "both errors go to `log.err` and the worker is recycled",
    why:
      "a broken logger must not leak workers; nothing swallowed is lost (it goes to `log`)",
  },
  {
    scenario: "net_int_prefix_limit_then_more_data",
    api:
      "`IntNStringReceiver` (`Int8/16/32StringReceiver`) after `lengthLimitExceeded`",
    twisted:
      "keeps the strings it already delivered in its buffer: the next `dataReceived` delivers them again before reporting the limit again",
    ours:
      "only the offending prefix and what follows stay buffered: the next `dataReceived` reports the limit again",
    why: "a Twisted 22.4 buffer-bookkeeping bug: no message is delivered twice",
  },
  {
    scenario: "net_int_prefix_reentrant_data_waits_its_turn",
    api:
      "`IntNStringReceiver.dataReceived` called from inside `stringReceived`",
    twisted:
      "re-parses its buffer from the start: the strings before it are delivered again",
    ours: "the data is queued after what is being parsed",
    why: "no message is delivered twice",
  },
  {
    scenario: "net_netstring_reentrant_data_parsed_after_the_callback",
    api: "`NetstringReceiver.dataReceived` called from inside `stringReceived`",
    twisted:
      "is parsed there and then, with the rest of the chunk, before that call returns",
    ours:
      "the data is queued after what is being parsed, and parsed once the callback returns (the strings come in the same order)",
    why: "the same rule for every receiver",
  },
  {
    scenario: "net_line_receiver_returned_value_is_ignored",
    api: "`LineReceiver.lineReceived`/`rawDataReceived` returning a value",
    twisted:
      "a returned value stops delivery (deprecated): the rest of the chunk waits for the next `dataReceived`",
    ours:
      "a returned value is ignored: call `loseConnection()` or `pauseProducing()`",
    why: "JavaScript arrow functions return values by accident",
  },
  {
    scenario: "net_string_transport_write_after_lose_connection",
    api: "`StringTransport.write` after `loseConnection()`",
    twisted: "records the bytes as if the connection were open",
    ours:
      "throws an `Error` saying the transport is closing (a registered producer may still finish writing)",
    why:
      "a protocol that writes after closing has a bug its tests should show; the real transports refuse it the same way",
  },
  {
    scenario: "net_socket_write_after_lose_connection",
    api: "a transport's `write` after `loseConnection()`",
    twisted: "the bytes are sent",
    ours: "refused with an `Error`, unless a producer is registered",
    why: "writing after closing is a bug; a producer may still finish",
  },
  {
    scenario: "net_socket_end_of_input_closes_after_sending",
    api: "end of input on a protocol without `IHalfCloseableProtocol`",
    twisted:
      "closes the connection at once: what it had still to send is dropped",
    ours: "it closes once what was written has been sent",
    why: "a peer that half-closes usually waits for the answer",
  },
  {
    scenario: "net_socket_both_halves_closed_ends_the_connection",
    api: "a half-closeable protocol's connection once both halves are closed",
    twisted: "stays open until `loseConnection()`",
    ours: "it closes with `ConnectionDone`, whichever half closed first",
    why:
      "the same on every runtime (Bun closes such a socket itself), and no socket is left open with nothing to do",
  },
  {
    scenario: "net_socket_abort_connection",
    api: "`transport.disconnecting` after `abortConnection()`",
    twisted:
      "stays false: the transport is being torn down but does not say so",
    ours:
      "true, as after `loseConnection()`: a protocol that reads it (`LineReceiver`) stops delivering what it had buffered",
    why:
      "an aborted connection is disconnecting; processing its buffered input after the abort helps nobody",
  },
  {
    scenario: "net_endpoint_string_port_out_of_range",
    api: '`serverFromString(reactor, "tcp:99999")` (a port out of range)',
    twisted: "makes the endpoint; `listen()` fails when the socket cannot bind",
    ours: "a `RangeError` from `serverFromString`, naming the port",
    why:
      "bad input gets a `TypeError`/`RangeError` at the call site (house rule); the endpoints check their arguments when made",
  },
  {
    scenario: "net_endpoint_connect_fails_when_connection_made_raises",
    api:
      "an endpoint's `connect()` when the protocol's `connectionMade` raises",
    twisted: "never fires",
    ours:
      "it fails with that error (the connection is dropped and the error logged, as in Twisted)",
    why: "every Deferred settles",
  },
  {
    scenario: "net_socket_port_get_host_after_stop_listening",
    api: "`port.getHost()` after `stopListening()`",
    twisted: "raises",
    ours: "returns the address it listened on",
    why: "nothing to gain from failing",
  },
];

/** The README migration table's header row and separator. */
export const MIGRATION_HEADER: readonly string[] = [
  "| Twisted API | Twisted 22.4 | twisted-ts | Why |",
  "|---|---|---|---|",
];

function cell(text: string): string {
  return text.replaceAll("|", "\\|").replaceAll("\n", " ");
}

/**
 * The README migration table's rows, one per declared difference, in order:
 * `| api | twisted | ours | why |`.
 */
export function migrationRows(
  differences: readonly Difference[] = DIFFERENCES,
): string[] {
  return differences.map((d) =>
    `| ${cell(d.api)} | ${cell(d.twisted)} | ${cell(d.ours)} | ${cell(d.why)} |`
  );
}

/** The whole migration table as markdown (header, separator, rows). */
export function migrationTable(
  differences: readonly Difference[] = DIFFERENCES,
): string {
  return [...MIGRATION_HEADER, ...migrationRows(differences)].join("\n");
}

if (import.meta.main) console.log(migrationTable());
