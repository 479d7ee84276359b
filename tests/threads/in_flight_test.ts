/**
 * `InFlight` (`threads/_transport/in_flight.ts`): the worker link's jobs in flight,
 * by id — examples, then a seeded property test against a `Map`.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { InFlight } from "../../threads/_transport/in_flight.ts";
import { randomInt, seededRandom } from "../_random.ts";

interface Item {
  readonly id: number;
}

describe("InFlight", () => {
  it("takes the oldest item and later ones by id, each once", () => {
    const set = new InFlight<Item>();
    const items = [1, 2, 3, 4].map((id) => ({ id }));
    for (const item of items) set.add(item);
    assert.equal(set.size, 4);
    assert.equal(set.take(1), items[0]);
    assert.equal(set.take(3), items[2]);
    assert.equal(set.take(3), undefined, "taken already");
    assert.equal(set.take(9), undefined, "never added");
    assert.equal(set.take(0), undefined, "below every id");
    assert.equal(set.size, 2);
    assert.deepEqual(set.drain(), [items[1], items[3]]);
    assert.equal(set.size, 0);
    assert.equal(set.take(2), undefined, "drained");
  });

  it("keeps working after it empties, with ids that go on increasing", () => {
    const set = new InFlight<Item>();
    for (let id = 1; id <= 100; id++) {
      set.add({ id });
      assert.equal(set.take(id)?.id, id);
      assert.equal(set.size, 0);
    }
    set.add({ id: 101 });
    set.add({ id: 102 });
    assert.equal(set.take(102)?.id, 102);
    assert.equal(set.take(101)?.id, 101);
    assert.deepEqual(set.drain(), []);
  });

  it("finds every item while an old one stays in flight and the others finish out of order", () => {
    const random = seededRandom(42);
    const set = new InFlight<Item>();
    for (let id = 1; id <= 300; id++) set.add({ id });
    const rest = Array.from({ length: 299 }, (_, k) => k + 2);
    for (let k = rest.length - 1; k > 0; k--) {
      const j = randomInt(random, k + 1);
      [rest[k], rest[j]] = [rest[j]!, rest[k]!];
    }
    for (const id of rest.slice(0, 250)) assert.equal(set.take(id)?.id, id);
    assert.equal(set.size, 50);
    const left = rest.slice(250).sort((a, b) => a - b);
    assert.equal(set.take(1)?.id, 1, "the old one");
    assert.deepEqual(set.drain().map((item) => item.id), left);
  });

  it("agrees with a Map under random adds and takes, in and out of order", () => {
    for (let round = 0; round < 40; round++) {
      const seed = 7000 + round;
      const random = seededRandom(seed);
      try {
        const set = new InFlight<Item>();
        const model = new Map<number, Item>();
        let nextId = 0;
        for (let step = 0; step < 2000; step++) {
          const r = random();
          if (r < 0.45 || model.size === 0) {
            const item = { id: ++nextId };
            set.add(item);
            model.set(item.id, item);
          } else if (r < 0.55) {
            // the oldest, the usual case
            const oldest = model.keys().next().value!;
            assert.equal(set.take(oldest), model.get(oldest));
            model.delete(oldest);
          } else if (r < 0.995) {
            // any id, in flight or not (the oldest stays, leaving holes)
            const id = 1 + randomInt(random, nextId + 2);
            assert.equal(set.take(id), model.get(id));
            model.delete(id);
          } else {
            assert.deepEqual(set.drain(), [...model.values()]);
            model.clear();
          }
          assert.equal(set.size, model.size);
        }
        assert.deepEqual(set.drain(), [...model.values()]);
      } catch (e) {
        console.error(`InFlight property test failed with seed ${seed}`);
        throw e;
      }
    }
  });
});
