/** serverFromString("tcp:99999") and ("tcp:-1"): Twisted makes the endpoint and fails only when it listens (the socket cannot bind); twisted-ts refuses the description at once with a ValueError-like RangeError naming the port. */
import { MemoryReactor, serverFromString } from "../../../net/mod.ts";
import { emit, kind } from "../trace.ts";

export function main() {
  for (const description of ["tcp:99999", "tcp:-1"]) {
    try {
      const endpoint = serverFromString(new MemoryReactor(), description);
      emit(description, "made", endpoint.constructor.name);
    } catch (e) {
      emit(description, "refused", kind(e));
    }
  }
}
