/** Over an in-memory connection, data written before loseConnection arrives first, then each side's protocol is told ConnectionDone("Connection done"). */
import {
  connectedServerAndClient,
  decode,
  type Failure,
  Protocol,
} from "../../../mod.ts";
import { emit } from "../trace.ts";

class Side extends Protocol {
  events: unknown[] = [];
  override dataReceived(data: Uint8Array) {
    this.events.push(["data", decode(data)]);
  }
  override connectionLost(reason: Failure) {
    this.events.push(["lost", reason]);
  }
}

export function main(): void {
  const [client, server, pump] = connectedServerAndClient(Side, Side);
  client.transport.write("last words");
  client.transport.loseConnection();
  pump.flush();
  emit("server", server.events);
  emit("client", client.events);
}
