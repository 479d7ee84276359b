/** After a parse error, every later call that brings or finds data loses the connection again and delivers nothing. */
import {
  decode,
  encode,
  NetstringReceiver,
  StringTransport,
} from "../../../mod.ts";
import { emit } from "../trace.ts";

class Counting extends StringTransport {
  losses = 0;
  override loseConnection() {
    this.losses += 1;
    super.loseConnection();
  }
}

export function main(): void {
  for (const bad of ["x", "1:ab"]) {
    const p = new NetstringReceiver();
    p.stringReceived = (s) => emit("string", decode(s));
    const t = new Counting();
    p.makeConnection(t);
    p.dataReceived(encode(bad));
    emit("error", bad, t.losses);
    p.dataReceived(new Uint8Array(0));
    emit("empty call", t.losses);
    p.dataReceived(encode("3:abc,"));
    emit("more data", t.losses);
  }
}
