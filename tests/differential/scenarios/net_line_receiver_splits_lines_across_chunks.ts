/** LineReceiver delivers the same lines however the input is cut into chunks, down to one byte. */
import { decode, encode, LineReceiver, StringTransport } from "../../../mod.ts";
import { emit } from "../trace.ts";

const DATA = encode("first\r\nsecond line\r\n\r\nlast\r\npartial");

class Lines extends LineReceiver {
  got: string[] = [];
  override lineReceived(line: Uint8Array) {
    this.got.push(decode(line));
  }
}

export function main(): void {
  for (const size of [1, 2, 3, 7, DATA.length]) {
    const p = new Lines();
    p.makeConnection(new StringTransport());
    for (let i = 0; i < DATA.length; i += size) {
      p.dataReceived(DATA.subarray(i, i + size));
    }
    emit("chunk size", size, p.got, decode(p.clearLineBuffer()));
  }
}
