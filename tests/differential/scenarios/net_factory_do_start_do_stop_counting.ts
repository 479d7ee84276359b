/** doStart runs startFactory only for the first port, doStop runs stopFactory only for the last, and an extra doStop is ignored. */
import { Factory } from "../../../mod.ts";
import { emit } from "../trace.ts";

class F extends Factory {
  override noisy = false;
  override startFactory() {
    emit("startFactory", this.numPorts);
  }
  override stopFactory() {
    emit("stopFactory", this.numPorts);
  }
}

export function main(): void {
  const f = new F();
  for (
    const op of [
      "start",
      "start",
      "stop",
      "start",
      "stop",
      "stop",
      "stop",
      "start",
    ]
  ) {
    if (op === "start") f.doStart();
    else f.doStop();
    emit(op, f.numPorts);
  }
}
