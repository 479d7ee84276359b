/** An incomplete line is refused once the buffer reaches MAX_LENGTH plus the delimiter's length, not before. */
import { decode, encode, LineReceiver, StringTransport } from "../../../mod.ts";
import { emit } from "../trace.ts";

class Lines extends LineReceiver {
  override MAX_LENGTH = 4;
  override lineLengthExceeded(line: Uint8Array) {
    emit("exceeded", decode(line));
  }
}

export function main(): void {
  const p = new Lines();
  p.makeConnection(new StringTransport());
  for (const chunk of ["abc", "de", "f", "g"]) {
    emit("feed", chunk);
    p.dataReceived(encode(chunk));
  }
}
