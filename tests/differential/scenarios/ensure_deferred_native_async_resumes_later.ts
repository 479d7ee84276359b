/** A native async function awaiting only fired Deferreds: JavaScript resumes it from the microtask queue, so ensureDeferred fires later (declared difference). */
import { ensureDeferred, succeed } from "../../../mod.ts";
import { emit } from "../trace.ts";

export async function main(): Promise<void> {
  async function work() {
    const a = await succeed(1);
    emit("after await", a);
    return a + 1;
  }
  const d = ensureDeferred(work());
  emit("ensureDeferred returned", d.called);
  d.addCallback((r) => emit("result", r));
  emit("end of main");
  await d;
}
