/** A netstring payload not followed by a comma closes the connection, once the whole payload has arrived. */
import {
  decode,
  encode,
  NetstringReceiver,
  StringTransport,
} from "../../../mod.ts";
import { emit } from "../trace.ts";

class N extends NetstringReceiver {
  override stringReceived(s: Uint8Array) {
    emit("string", decode(s));
  }
}

export function main(): void {
  for (const bad of ["1:ab", "3:abc;", "3:ab", "0:x"]) {
    const p = new N();
    const t = new StringTransport();
    p.makeConnection(t);
    p.dataReceived(encode("2:ok," + bad));
    emit("after", bad, p.brokenPeer, t.disconnecting);
  }
}
