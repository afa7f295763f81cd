import assert from "node:assert/strict";
import { test } from "node:test";

import { episodeRange } from "../src/format.js";
import { compressRuns, displayKey, seasonViews } from "../src/ranges.js";
import { episode, issuePicture, tree } from "./fixtures.js";

const lines = (rows: ReturnType<typeof issuePicture>): string[][] =>
  seasonViews(tree(rows)).map((season) =>
    season.groups.map((g) => `${episodeRange(g.first, g.last)} ${g.episodes[0].status}`),
  );

test("the issue's picture: runs of one state are one line, downloads their own", () => {
  assert.deepEqual(lines(issuePicture()), [
    ["E01–E12 available"],
    ["E01 downloading", "E02 downloading", "E03 searching", "E04–E12 pending"],
  ]);
});

test("a gap in the numbers breaks a run", () => {
  const rows = [1, 2, 4, 5].map((n) => episode(1, n, { status: "available" }));
  assert.deepEqual(lines(rows), [["E01–E02 available", "E04–E05 available"]]);
});

test("episodes are ordered by number whatever order they come in", () => {
  const rows = [3, 1, 2].map((n) => episode(1, n));
  assert.deepEqual(compressRuns(rows).map((g) => [g.first, g.last]), [[1, 3]]);
});

test("waiting for Jellyfin is not importing, and found releases stay apart", () => {
  const rows = [
    episode(1, 1, { status: "importing" }),
    episode(1, 2, { status: "importing", awaiting_jellyfin: true }),
    episode(1, 3, { status: "found", download_id: "A" }),
    episode(1, 4, { status: "found", download_id: "A" }),
    episode(1, 5, { status: "found", download_id: "B" }),
  ];
  assert.deepEqual(
    compressRuns(rows).map((g) => [g.first, g.last, g.key]),
    [
      [1, 1, "importing"],
      [2, 2, "importing:jellyfin"],
      [3, 4, "found:A"],
      [5, 5, "found:B"],
    ],
  );
});

test("failed, stalled, paused and explained episodes keep their own line", () => {
  for (const fields of [
    { status: "failed" as const },
    { status: "found" as const, stalled: true },
    { status: "found" as const, paused: true },
    { status: "pending" as const, messages: ["No files found"] },
    { status: "searching" as const, reason: "Rejected" },
  ]) {
    assert.equal(displayKey(episode(1, 1, fields)), null, JSON.stringify(fields));
  }
  const failed = [1, 2].map((n) => episode(1, n, { status: "failed" }));
  assert.equal(compressRuns(failed).length, 2);
});

test("seasons come in order with their available count", () => {
  const views = seasonViews(tree([episode(2, 1), episode(1, 1, { status: "available" })]));
  assert.deepEqual(views.map((v) => [v.season, v.available]), [[1, 1], [2, 0]]);
});
