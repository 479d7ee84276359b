/**
 * IP address literal checks shared inside `net/` (Twisted's
 * `isIPAddress`/`isIPv6Address` from `twisted.internet.abstract`).
 *
 * @module
 */

/** Whether `s` is a dotted-quad IPv4 literal (four decimal parts 0–255). */
export function isIPv4Address(s: string): boolean {
  const parts = s.split(".");
  if (parts.length !== 4) return false;
  for (const p of parts) {
    if (!/^[0-9]{1,3}$/.test(p) || Number(p) > 255) return false;
  }
  return true;
}

/**
 * Whether `s` is an IPv6 literal, with an optional `%scope` suffix (no
 * brackets), including forms that end in an embedded IPv4 address.
 */
export function isIPv6Address(s: string): boolean {
  const pct = s.indexOf("%");
  let addr = s;
  if (pct >= 0) {
    if (pct === s.length - 1) return false;
    addr = s.slice(0, pct);
  }
  if (!addr.includes(":")) return false;
  let groups = addr.split(":");
  const last = groups[groups.length - 1]!;
  if (last.includes(".")) {
    // an embedded IPv4 address stands for the last two groups
    if (!isIPv4Address(last)) return false;
    groups = [...groups.slice(0, -1), "0", "0"];
  }
  const limit = 8;
  const text = groups.join(":");
  const double = text.indexOf("::");
  if (double !== text.lastIndexOf("::")) return false;
  const pieces =
    (double >= 0 ? [text.slice(0, double), text.slice(double + 2)] : [text])
      .flatMap((half) => half === "" ? [] : half.split(":"));
  for (const p of pieces) if (!/^[0-9a-fA-F]{1,4}$/.test(p)) return false;
  if (double >= 0) return pieces.length < limit;
  return pieces.length === limit;
}
