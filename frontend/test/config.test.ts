import assert from "node:assert/strict";
import { test } from "node:test";

import { ALL, type CardConfig, checkConfig, pickerValue, withPick } from "../src/config.js";

const base: CardConfig = { type: "custom:status-tracker-card", compact: true };

test("the picker's value names the entry and the series, or all", () => {
  assert.equal(pickerValue(base), ALL);
  assert.equal(pickerValue({ series_id: 3, config_entry_id: "abc" }), "abc/3");
  assert.equal(pickerValue({ series_id: 3 }), "/3");
});

test("picking keeps the other settings", () => {
  const picked = withPick(base, "abc/3");
  assert.deepEqual(picked, { ...base, config_entry_id: "abc", series_id: 3 });
  assert.deepEqual(withPick(picked, ALL), base);
  assert.deepEqual(withPick(base, "/4"), { ...base, series_id: 4 });
  assert.equal(pickerValue(withPick(base, "abc/3")), "abc/3");
});

test("a config with a bad series id is refused with a message", () => {
  assert.deepEqual(checkConfig(base), base);
  assert.throws(() => checkConfig({ ...base, series_id: 1.5 }), /series_id/);
  assert.throws(() => checkConfig({ ...base, series_id: 0 }), /series_id/);
  assert.throws(() => checkConfig(null), /Invalid/);
});
