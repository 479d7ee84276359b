/** sendString frames with the decimal length, a colon and a comma. */
import { NetstringReceiver, StringTransport } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const p = new NetstringReceiver();
  const t = new StringTransport();
  p.makeConnection(t);
  for (
    const s of [
      new Uint8Array(0),
      "abc",
      "x".repeat(12),
      new Uint8Array([0xff, 0]),
    ]
  ) {
    p.sendString(s);
  }
  emit("sent", t.value());
}
