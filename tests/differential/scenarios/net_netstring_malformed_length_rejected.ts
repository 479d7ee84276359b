/** A netstring whose length has a leading zero, is missing, or is not digits closes the connection and marks the peer broken. */
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
  for (const bad of ["01:a,", ":a,", "x", "1x:a,", "0", "00"]) {
    const p = new N();
    const t = new StringTransport();
    p.makeConnection(t);
    p.dataReceived(encode("2:ok," + bad));
    emit("after", bad, p.brokenPeer, t.disconnecting);
  }
}
