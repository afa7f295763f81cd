import assert from "node:assert/strict";
import { test } from "node:test";

import { prune, seasonChecked, selectionCodes, toggle } from "../src/selection.js";
import { episode } from "./fixtures.js";

const rows = [1, 2, 3, 5, 6, 7].map((n) => episode(1, n)).concat([episode(2, 1), episode(2, 2)]);
const ids = (...pairs: [number, number][]): Set<number> =>
  new Set(pairs.map(([s, e]) => s * 1000 + e));

test("consecutive episodes become one range, a gap or a season starts another", () => {
  const selected = ids([1, 1], [1, 2], [1, 3], [1, 5], [1, 7], [2, 1], [2, 2]);
  assert.deepEqual(selectionCodes(rows, selected), ["S01E01-E03", "S01E05", "S01E07", "S02E01-E02"]);
});

test("an episode missing from the tree is never covered by a range", () => {
  // E04 is not shown: E03 and E05 stay apart though both are selected.
  assert.deepEqual(selectionCodes(rows, ids([1, 3], [1, 5])), ["S01E03", "S01E05"]);
  assert.deepEqual(selectionCodes(rows, new Set()), []);
});

test("season checkbox states and toggling", () => {
  const season1 = rows.filter((r) => r.season === 1);
  assert.equal(seasonChecked(season1, new Set()), "none");
  assert.equal(seasonChecked(season1, ids([1, 2])), "some");
  const all = toggle(ids([1, 2]), season1);
  assert.equal(seasonChecked(season1, all), "all");
  assert.equal(seasonChecked(season1, toggle(all, season1)), "none");
  assert.deepEqual([...toggle(new Set(), [rows[0]])], [1001]);
});

test("selected episodes the tree no longer shows are dropped", () => {
  assert.deepEqual([...prune(ids([1, 1], [9, 9]), rows)], [1001]);
});
