/**
 * Test helper: capture what the library reports through `log`, without the
 * default observer writing it to stderr.
 *
 * @module
 */
import { defaultObserver, log, type LogEvent } from "../defer/mod.ts";

/** The events logged while `fn` ran (sync or async); stderr stays quiet. */
export async function capturingLog<R>(
  fn: () => R | Promise<R>,
): Promise<{ result: R; events: LogEvent[] }> {
  const events: LogEvent[] = [];
  const observer = (e: LogEvent) => events.push(e);
  log.removeObserver(defaultObserver);
  log.addObserver(observer);
  try {
    const result = await fn();
    return { result, events };
  } finally {
    log.removeObserver(observer);
    log.addObserver(defaultObserver);
  }
}

/** Synchronous form of {@linkcode capturingLog}. */
export function capturingLogSync<R>(
  fn: () => R,
): { result: R; events: LogEvent[] } {
  const events: LogEvent[] = [];
  const observer = (e: LogEvent) => events.push(e);
  log.removeObserver(defaultObserver);
  log.addObserver(observer);
  try {
    return { result: fn(), events };
  } finally {
    log.removeObserver(observer);
    log.addObserver(defaultObserver);
  }
}

/** The error events among `events`. */
export function errorsIn(events: LogEvent[]): LogEvent[] {
  return events.filter((e) => e.isError);
}
