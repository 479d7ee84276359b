/** LineOnlyReceiver reports an incomplete line longer than MAX_LENGTH (and keeps it buffered), and a long complete line, dropping what follows. */
import {
  decode,
  encode,
  LineOnlyReceiver,
  StringTransport,
} from "../../../mod.ts";
import { emit } from "../trace.ts";

class Lines extends LineOnlyReceiver {
  override MAX_LENGTH = 3;
  override lineReceived(line: Uint8Array) {
    emit("line", decode(line));
  }
  override lineLengthExceeded(line: Uint8Array) {
    emit("exceeded", decode(line));
  }
}

export function main(): void {
  const p = new Lines();
  p.makeConnection(new StringTransport());
  p.dataReceived(encode("ab\r\nabcd"));
  p.dataReceived(encode("e"));
  const q = new Lines();
  q.makeConnection(new StringTransport());
  q.dataReceived(encode("x\r\nlonger\r\ny\r\n"));
}
