/**
 * Python's `random.normalvariate(mu, sigma)` (Kinderman and Monahan's
 * ratio-of-uniforms method), on an injectable uniform source, so that
 * `ReconnectingClientFactory`'s jitter draws exactly what Twisted's draws
 * from the same uniforms (the differential suite feeds both the same
 * sequence).
 *
 * @module
 */

/** `4 * exp(-0.5) / sqrt(2.0)`, Python's `NV_MAGICCONST`. */
const NV_MAGICCONST = 4 * Math.exp(-0.5) / Math.sqrt(2.0);

/** A normal variate with mean `mu` and deviation `sigma`. */
export function normalVariate(
  random: () => number,
  mu: number,
  sigma: number,
): number {
  let z: number;
  for (;;) {
    const u1 = random();
    const u2 = 1.0 - random();
    z = NV_MAGICCONST * (u1 - 0.5) / u2;
    const zz = z * z / 4.0;
    if (zz <= -Math.log(u2)) break;
  }
  return mu + z * sigma;
}
