import assert from "node:assert/strict";
import { test } from "node:test";

import { episodeCode, episodeRange, etaText, formatBytes, formatDuration } from "../src/format.js";

test("sizes", () => {
  assert.equal(formatBytes(0), "0 B");
  assert.equal(formatBytes(1536), "1.5 KB");
  assert.equal(formatBytes(4_000_000), "3.8 MB");
  assert.equal(formatBytes(25 * 1024 ** 3), "25 GB");
  assert.equal(formatBytes(3 * 1024 ** 5), "3072 TB");
});

test("durations", () => {
  assert.equal(formatDuration(-5), "0 s");
  assert.equal(formatDuration(45), "45 s");
  assert.equal(formatDuration(14 * 60), "14 min");
  assert.equal(formatDuration(2 * 3600 + 5 * 60), "2 h 05 min");
  assert.equal(formatDuration(3 * 86400 + 4 * 3600), "3 d 4 h");
});

test("an ETA is the time left from the given now", () => {
  const now = Date.parse("2026-11-30T10:00:00Z");
  assert.equal(etaText("2026-11-30T10:14:00+00:00", now), "14 min");
  assert.equal(etaText(null, now), null);
  assert.equal(etaText("soon", now), null);
});

test("codes and ranges", () => {
  assert.equal(episodeCode(1, 3), "S01E03");
  assert.equal(episodeCode(2, 113), "S02E113");
  assert.equal(episodeRange(4, 12), "E04–E12");
  assert.equal(episodeRange(1, 1), "E01");
});
