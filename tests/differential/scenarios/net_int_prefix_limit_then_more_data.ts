/** After lengthLimitExceeded (overridden not to close), more data reports the limit again; Twisted 22.4 also re-delivers the strings before it. */
import { decode, Int8StringReceiver, StringTransport } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const p = new Int8StringReceiver();
  p.MAX_LENGTH = 3;
  p.stringReceived = (s) => emit("string", decode(s));
  p.lengthLimitExceeded = (n) => emit("limit", n);
  p.makeConnection(new StringTransport());
  p.dataReceived(new Uint8Array([1, 97, 5, 104, 101, 108, 108, 111]));
  emit("more");
  p.dataReceived(new Uint8Array(0));
}
