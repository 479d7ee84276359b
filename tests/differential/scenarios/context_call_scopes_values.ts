/** context.call pushes a dict for the duration of a call; get() looks innermost-out, falls back to a default, and is restored after a raise. */
import { context } from "../../../mod.ts";
import { emit } from "../trace.ts";

export function main(): void {
  emit("outside", context.get("k"), context.get("k", "dflt"));
  const inner = () => {
    emit("inner sees", context.get("k"), context.get("only-outer"));
    return "inner result";
  };
  const outer = () => {
    emit("outer sees", context.get("k"), context.get("only-outer"));
    const r = context.call({ k: "inner" }, inner);
    emit("back in outer", context.get("k"), r);
    return 42;
  };
  emit("call returns", context.call({ k: "outer", "only-outer": 1 }, outer));
  try {
    context.call({ k: "doomed" }, () => {
      throw new RangeError("inside a context");
    });
  } catch (e) {
    emit("raised", e);
  }
  emit("restored", context.get("k"));
  context.setDefault("dk", "default value");
  emit(
    "default",
    context.get("dk"),
    context.call({ dk: "shadow" }, () => context.get("dk")),
  );
  delete context.defaultContextDict["dk"];
}
