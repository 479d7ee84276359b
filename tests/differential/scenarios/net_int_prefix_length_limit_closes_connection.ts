/** A length prefix over MAX_LENGTH calls lengthLimitExceeded with it, which by default loses the connection; earlier strings were delivered. */
import { decode, Int16StringReceiver, StringTransport } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const p = new Int16StringReceiver();
  p.MAX_LENGTH = 4;
  p.stringReceived = (s) => emit("string", decode(s));
  const t = new StringTransport();
  p.makeConnection(t);
  p.dataReceived(
    new Uint8Array([0, 2, 104, 105, 0, 5, 104, 101, 108, 108, 111]),
  );
  emit("disconnecting", t.disconnecting);
  const q = new Int16StringReceiver();
  q.MAX_LENGTH = 4;
  q.lengthLimitExceeded = (n) => emit("limit", n);
  q.makeConnection(new StringTransport());
  q.dataReceived(new Uint8Array([1]));
  q.dataReceived(new Uint8Array([0]));
}
