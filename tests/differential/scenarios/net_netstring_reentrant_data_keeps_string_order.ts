/** Data given to dataReceived from inside stringReceived comes out after the strings already received, in order; a stringReceived that raises keeps the rest of its chunk for the next call. */
import {
  decode,
  encode,
  NetstringReceiver,
  StringTransport,
} from "../../../mod.ts";
import { emit } from "../trace.ts";

class Reenter extends NetstringReceiver {
  override stringReceived(s: Uint8Array) {
    emit("string", decode(s));
    if (decode(s) === "a") this.dataReceived(encode("1:c,"));
  }
}

class Boom extends NetstringReceiver {
  override stringReceived(s: Uint8Array) {
    emit("string", decode(s));
    if (decode(s) === "x") throw new Error("boom");
  }
}

export function main(): void {
  const p = new Reenter();
  p.makeConnection(new StringTransport());
  p.dataReceived(encode("1:a,1:b,"));
  emit("done");

  const q = new Boom();
  q.makeConnection(new StringTransport());
  try {
    q.dataReceived(encode("1:x,1:y,1:"));
  } catch (e) {
    emit("raised", e);
  }
  q.dataReceived(encode("z,"));
}
