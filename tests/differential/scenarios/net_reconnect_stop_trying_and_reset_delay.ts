/** stopTrying cancels the pending reconnection and stops the connector; resetDelay restores the initial delay and lets it retry again. */
import {
  Clock,
  connectionLost,
  type IConnector,
  ReconnectingClientFactory,
} from "../../../mod.ts";
import { emit } from "../trace.ts";

class Connector implements IConnector {
  attempts: number[] = [];
  constructor(readonly clock: Clock) {}
  connect() {
    this.attempts.push(this.clock.seconds());
  }
  stopConnecting() {
    emit("stopConnecting");
  }
  disconnect() {}
  getDestination() {
    return { toString: () => "dest" };
  }
}

export function main(): void {
  const clock = new Clock();
  const f = new ReconnectingClientFactory();
  f.clock = clock;
  f.jitter = 0;
  const c = new Connector(clock);
  f.clientConnectionLost(c, connectionLost);
  f.clientConnectionLost(c, connectionLost);
  emit("before stop", f.retries, f.delay, clock.getDelayedCalls().length);
  f.stopTrying();
  emit("stopped", f.continueTrying, clock.getDelayedCalls().length);
  f.clientConnectionLost(c, connectionLost);
  emit("ignored", f.retries);
  f.resetDelay();
  emit("reset", f.retries, f.delay, f.continueTrying);
  f.clientConnectionLost(c, connectionLost);
  clock.advance(f.delay);
  emit("attempts", c.attempts);
}
