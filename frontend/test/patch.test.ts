import assert from "node:assert/strict";
import { test } from "node:test";

import { applyRowsPatch, applyTreePatch, byActivity } from "../src/patch.js";
import type { RequestRow } from "../src/types.js";
import { episode, issuePicture, tree } from "./fixtures.js";

test("a patch replaces its episode rows and fields; other seasons stay the same objects", () => {
  const before = tree(issuePicture());
  const moved = episode(2, 1, { status: "downloading", progress: 60 });

  const after = applyTreePatch(before, { changed: { percent_bytes: 40 }, episodes: [moved] });

  assert.equal(after.percent_bytes, 40);
  assert.equal(after.title, before.title);
  assert.equal(after.seasons[0], before.seasons[0]); // season 1 untouched: not re-rendered
  assert.deepEqual(after.seasons[1].episodes[0], moved);
  assert.deepEqual(
    after.seasons[1].episodes.map((e) => e.episode),
    before.seasons[1].episodes.map((e) => e.episode),
  );
  assert.equal(before.seasons[1].episodes[0].progress, 45); // the old tree is not changed
});

test("removed rows leave; a season with none left goes; a new season appears in order", () => {
  const before = tree([episode(1, 1), episode(1, 2), episode(3, 1)]);
  const after = applyTreePatch(before, {
    removed: [3001, 1002],
    episodes: [episode(2, 5, { status: "searching" })],
  });
  assert.deepEqual(
    after.seasons.map((s) => [s.season, s.episodes.map((e) => e.episode)]),
    [
      [1, [1]],
      [2, [5]],
    ],
  );
});

test("downloads: replaced in place by id, new ones last, removed ones gone", () => {
  const download = (id: string, progress: number) => ({
    download_id: id, title: id, release_type: "single_episode", progress, size: null,
    downloaded: null, speed: null, eta: null, paused: false, stalled: false, failed_reason: null,
  });
  const before = { ...tree([episode(1, 1)]), downloads: [download("A", 1), download("B", 2), download("C", 3)] };
  const after = applyTreePatch(before, {
    downloads: [download("B", 50), download("D", 0)],
    downloads_removed: ["A"],
  });
  assert.deepEqual(after.downloads.map((d) => [d.download_id, d.progress]), [["B", 50], ["C", 3], ["D", 0]]);
  assert.equal(applyTreePatch(before, { changed: { title: "x" } }).downloads, before.downloads);
});

test("an empty patch changes nothing", () => {
  const before = tree(issuePicture());
  assert.deepEqual(applyTreePatch(before, {}), before);
});

const row = (entry: string, series: number, activity: string, title = "T"): RequestRow => ({
  entry_id: entry,
  series_id: series,
  title,
  status: "downloading",
  requested_by: null,
  episodes_available: 0,
  episodes_total: 1,
  percent_episodes: 0,
  percent_bytes: null,
  eta: null,
  activity,
});

test("the request list: changed rows replaced or added, removed ones gone", () => {
  const rows = [row("a", 1, "2026-11-30T10:00:00Z"), row("b", 1, "2026-11-30T09:00:00Z")];
  const changed = { ...rows[0], percent_episodes: 50 };
  const after = applyRowsPatch(rows, {
    changed: [changed, row("a", 2, "2026-11-30T11:00:00Z")],
    removed: [{ entry_id: "b", series_id: 1 }],
  });
  assert.deepEqual(
    after.map((r) => [r.entry_id, r.series_id, r.percent_episodes]),
    [
      ["a", 1, 50],
      ["a", 2, 0],
    ],
  );
});

test("newest activity first, then by title", () => {
  const rows = [
    row("a", 1, "2026-11-30T09:00:00Z", "Old"),
    row("a", 2, "2026-11-30T11:00:00+00:00", "New"),
    row("a", 3, "2026-11-30T09:00:00Z", "Also old"),
  ];
  assert.deepEqual(byActivity(rows).map((r) => r.title), ["New", "Also old", "Old"]);
});
