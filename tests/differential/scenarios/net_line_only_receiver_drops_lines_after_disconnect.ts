/** LineOnlyReceiver checks disconnecting before each line: the lines after one that closed the connection are dropped, and sendLine uses writeSequence. */
import {
  decode,
  encode,
  LineOnlyReceiver,
  StringTransport,
} from "../../../mod.ts";
import { emit } from "../trace.ts";

class Lines extends LineOnlyReceiver {
  override lineReceived(line: Uint8Array) {
    emit("line", decode(line));
    if (decode(line) === "quit") {
      this.sendLine("bye");
      this.transport.loseConnection();
    }
  }
}

export function main(): void {
  const p = new Lines();
  const t = new StringTransport();
  p.makeConnection(t);
  p.dataReceived(encode("a\r\nquit\r\nb\r\npart"));
  p.dataReceived(encode("ial\r\n"));
  emit("sent", t.value());
}
