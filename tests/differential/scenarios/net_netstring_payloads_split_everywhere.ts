/** Netstrings arrive whole however the input is cut, including inside the length and the comma. */
import {
  decode,
  encode,
  NetstringReceiver,
  StringTransport,
} from "../../../mod.ts";
import { emit } from "../trace.ts";

const DATA = encode("12:hello world!,0:,3:a,b,10:0123456789,");

class N extends NetstringReceiver {
  got: string[] = [];
  override stringReceived(s: Uint8Array) {
    this.got.push(decode(s));
  }
}

export function main(): void {
  for (const size of [1, 2, 5, DATA.length]) {
    const p = new N();
    p.makeConnection(new StringTransport());
    for (let i = 0; i < DATA.length; i += size) {
      p.dataReceived(DATA.subarray(i, i + size));
    }
    emit("chunk size", size, p.got, p.brokenPeer);
  }
}
