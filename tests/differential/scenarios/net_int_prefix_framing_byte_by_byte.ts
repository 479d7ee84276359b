/** Int8/16/32StringReceiver frame with a big-endian length prefix and deliver the same strings whether fed whole or one byte at a time. */
import {
  Int16StringReceiver,
  Int32StringReceiver,
  Int8StringReceiver,
  StringTransport,
} from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  for (
    const cls of [Int8StringReceiver, Int16StringReceiver, Int32StringReceiver]
  ) {
    const sender = new cls();
    const t = new StringTransport();
    sender.makeConnection(t);
    for (
      const s of [
        new TextEncoder().encode("abc"),
        new Uint8Array(0),
        new Uint8Array([0, 255, 0, 255, 0, 255]),
      ]
    ) {
      sender.sendString(s);
    }
    const wire = t.valueBytes();
    emit(cls.name, "wire", [...wire]);
    for (const size of [1, wire.length]) {
      const got: number[][] = [];
      const r = new cls();
      r.stringReceived = (s) => got.push([...s]);
      r.makeConnection(new StringTransport());
      for (let i = 0; i < wire.length; i += size) {
        r.dataReceived(wire.subarray(i, i + size));
      }
      emit(cls.name, size, got);
    }
  }
}
