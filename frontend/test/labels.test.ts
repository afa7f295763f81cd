import assert from "node:assert/strict";
import { test } from "node:test";

import {
  episodeIcon,
  episodeLabel,
  episodeReason,
  releaseTypeLabel,
  statusIcon,
} from "../src/labels.js";
import { localizer } from "../src/localize.js";
import { en } from "../src/translations/en.js";
import { episode } from "./fixtures.js";

const t = localizer("en");

test("every status has its words and an icon of its own", () => {
  const icons = new Set<string>();
  for (const status of Object.keys(en.status)) {
    assert.notEqual(t(`status.${status}`), `status.${status}`);
    icons.add(statusIcon(status));
  }
  assert.equal(statusIcon("something new"), "mdi:help-circle-outline");
  // requested and pending share the hourglass; every other status is told apart.
  assert.equal(icons.size, Object.keys(en.status).length - 1);
});

test("imported, waiting for Jellyfin is distinct from importing and available", () => {
  const waiting = episode(1, 1, { status: "importing", awaiting_jellyfin: true });
  const importing = episode(1, 1, { status: "importing" });
  assert.equal(episodeLabel(waiting, t), "Imported, waiting for Jellyfin");
  assert.equal(episodeLabel(importing, t), "Importing");
  assert.notEqual(episodeIcon(waiting), episodeIcon(importing));
});

test("stalled, paused and upgrading qualify the status", () => {
  assert.equal(episodeLabel(episode(1, 1, { status: "downloading", stalled: true }), t), "Downloading · Stalled");
  assert.equal(episodeLabel(episode(1, 1, { status: "downloading", paused: true }), t), "Downloading · Paused");
  assert.equal(episodeLabel(episode(1, 1, { status: "available", upgrading: true }), t), "Available · Upgrading");
  assert.equal(episodeIcon(episode(1, 1, { status: "downloading", stalled: true })), "mdi:download-off");
});

test("the reason an episode is stuck", () => {
  assert.equal(episodeReason(episode(1, 1, { reason: "Not enough space" })), "Not enough space");
  const download = {
    download_id: "A", title: "x", release_type: "single_episode", progress: 0, size: null,
    downloaded: null, speed: null, eta: null, paused: false, stalled: true,
    failed_reason: "Tracker error",
  };
  assert.equal(episodeReason(episode(1, 1), download), "Tracker error");
  assert.equal(episodeReason(episode(1, 1, { messages: ["a", "b"] })), "a; b");
  assert.equal(episodeReason(episode(1, 1)), null);
});

test("release types", () => {
  assert.equal(releaseTypeLabel("season_pack", t), "season pack");
  assert.equal(releaseTypeLabel(null, t), "release");
});

test("placeholders, regional languages and missing keys", () => {
  assert.equal(t("card.overall", { available: 3, total: 25, percent: 12 }), "Overall: 3/25 episodes (12 %)");
  assert.equal(localizer("en-GB")("status.pending"), "Pending");
  assert.equal(localizer("xx")("status.pending"), "Pending");
  assert.equal(localizer(undefined)("card.eta", {}), "ETA {eta}");
  assert.equal(t("nowhere.nothing"), "nowhere.nothing");
  assert.equal(localizer("en"), t); // the same function: views guarded on it stay drawn
});
