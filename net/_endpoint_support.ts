/**
 * What every endpoint shares: checking the reactor it is given, and the
 * common half of a client endpoint's `connect` (wrap the factory, start
 * the connector, hand out the wrapper's cancellable Deferred).
 *
 * @module
 */
import { describeValue } from "../_util/describe.ts";
import type { Deferred } from "../defer/deferred.ts";
import { maybeDeferred } from "../defer/succeed.ts";
import type { IProtocol, IProtocolFactory } from "../reactor/io_interfaces.ts";
import { requireFactory } from "./_io_args.ts";
import { WrappingFactory } from "./_wrapping_factory.ts";

/** `reactor` if it has the methods named; a `TypeError` otherwise. */
export function requireReactor<R>(
  what: string,
  reactor: unknown,
  ...methods: string[]
): R {
  const r = reactor as Record<string, unknown> | null;
  if (
    r === null || typeof r !== "object" ||
    methods.some((m) => typeof r[m] !== "function")
  ) {
    throw new TypeError(
      `${what}: reactor must have ${methods.join(", ")}, got ${
        describeValue(reactor)
      }`,
    );
  }
  return reactor as R;
}

/**
 * The common half of every client endpoint's `connect`: check the factory
 * (a `TypeError` here), wrap it, start connecting with `start`, and return
 * the wrapper's Deferred (a failed one if starting threw, as Twisted's).
 */
export function connectWith<P extends IProtocol>(
  what: string,
  protocolFactory: IProtocolFactory<P>,
  start: (wrapper: WrappingFactory) => unknown,
): Deferred<P> {
  requireFactory(what, protocolFactory);
  return maybeDeferred(() => {
    const wrapper = new WrappingFactory(protocolFactory);
    start(wrapper);
    // the wrapped factory's protocol, as it built it
    return wrapper.onConnection as Deferred<P>;
  });
}
