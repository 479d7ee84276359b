/** The trace helpers print numbers, strings, containers and errors identically in both languages. */
import { emit } from "../trace.ts";

export function main(): void {
  emit("integers", 0, 1, -7, 2 ** 53);
  emit("integral floats", 2.0, -3.0, 0.0, -0.0, 1e21, 1e20);
  emit("fractions", 0.1, 0.1 + 0.2, 1.5, -2.25, 1 / 3);
  emit("small", 1e-6, 1e-7, 1.5e-5, 2.5e-10);
  emit("large", 1.5e21, 123456789012345680000.0, 9.87654321e300);
  emit("special", NaN, Infinity, -Infinity);
  emit(
    "strings",
    "",
    'quote" backslash\\ newline\n tab\t',
    "caf\u00e9 \u2603",
    "\x01",
  );
  emit("containers", [], {}, [null, true, false], {
    z: 1,
    a: { y: [2], b: undefined },
  });
  emit(
    "errors",
    new RangeError("msg"),
    new TypeError("t"),
    new Error("plain"),
  );
}
