/** TimeoutMixin: the connection is lost after the idle period, resetTimeout restarts it, setTimeout(None) cancels it and returns the old period. */
import {
  Clock,
  decode,
  LineReceiver,
  StringTransport,
  TimeoutMixin,
} from "../../../mod.ts";
import { emit } from "../trace.ts";

class Idle extends TimeoutMixin(LineReceiver) {
  override connectionMade() {
    this.setTimeout(10);
  }
  override lineReceived(line: Uint8Array) {
    this.resetTimeout();
    emit("line", decode(line), this.clock!.seconds());
  }
  override timeoutConnection() {
    emit("timeout at", this.clock!.seconds());
    super.timeoutConnection();
  }
}

export function main(): void {
  const clock = new Clock();
  const p = new Idle();
  p.clock = clock;
  const t = new StringTransport();
  p.makeConnection(t);
  clock.advance(8);
  p.dataReceived(new TextEncoder().encode("ping\r\n"));
  clock.advance(8);
  emit("still open", t.disconnecting);
  clock.advance(2);
  emit("closed", t.disconnecting);
  const q = new Idle();
  q.clock = clock;
  q.makeConnection(new StringTransport());
  emit("cancel returns", q.setTimeout(undefined));
  clock.advance(100);
  emit("pending calls", clock.getDelayedCalls().length);
}
