/** After a line that loses the connection, the rest stays buffered; each later dataReceived delivers one more line. */
import { decode, encode, LineReceiver, StringTransport } from "../../../mod.ts";
import { emit } from "../trace.ts";

class Quit extends LineReceiver {
  override lineReceived(line: Uint8Array) {
    emit("line", decode(line));
    if (decode(line) === "quit") this.transport.loseConnection();
  }
}

export function main(): void {
  const p = new Quit();
  p.makeConnection(new StringTransport());
  p.dataReceived(encode("hello\r\nquit\r\nx\r\ny\r\n"));
  emit("after quit");
  p.dataReceived(new Uint8Array(0));
  emit("buffer", decode(p.clearLineBuffer()));
}
