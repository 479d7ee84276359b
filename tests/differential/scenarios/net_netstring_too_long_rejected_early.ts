/** A length over MAX_LENGTH, or with more digits than MAX_LENGTH has, is refused as soon as its digits arrive. */
import {
  decode,
  encode,
  NetstringReceiver,
  StringTransport,
} from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const cases: [number, string[]][] = [
    [50, ["5", "1"]],
    [50, ["50:"]],
    [99999, ["1234567"]],
    [10, ["10:0123456789,", "11"]],
    [1, ["1:a,2"]],
  ];
  for (const [maxLength, feeds] of cases) {
    const p = new NetstringReceiver();
    p.MAX_LENGTH = maxLength;
    p.stringReceived = (s) => emit("string", decode(s));
    p.makeConnection(new StringTransport());
    for (const f of feeds) {
      p.dataReceived(encode(f));
      emit("fed", maxLength, f, p.brokenPeer);
    }
  }
}
