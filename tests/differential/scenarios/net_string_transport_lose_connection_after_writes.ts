/** StringTransport keeps what was written before loseConnection, marks disconnecting, and clear() empties it; abortConnection also marks disconnected. */
import { StringTransport } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  const t = new StringTransport();
  t.write("hello ");
  t.writeSequence(["wor", "ld"]);
  t.loseConnection();
  emit("value", t.value(), t.disconnecting, t.disconnected);
  t.clear();
  emit("cleared", t.value());
  const u = new StringTransport();
  u.abortConnection();
  emit("aborted", u.disconnecting, u.disconnected);
  emit("addresses", String(t.getHost()), String(t.getPeer()));
}
