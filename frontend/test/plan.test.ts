import assert from "node:assert/strict";
import { test } from "node:test";

import { localizer } from "../src/localize.js";
import { logView, planHeadline, planIsEmpty, planSections } from "../src/plan.js";
import type { DeletionLog, Plan, PlanStep } from "../src/types.js";

const t = localizer("en");

const step = (service: string, action: string, targets: string[], why = ""): PlanStep => ({
  service,
  action,
  targets,
  episode_ids: [],
  why,
});

// As deletion/model.py Plan.as_json answers for two episodes of a finished pack.
const plan: Plan = {
  plan_id: "feedface",
  series_id: 3,
  title: "Quiet Meridian",
  episodes: ["S01E07", "S01E08"],
  steps: [
    step("shoko", "forget_files", ["S01E07.mkv"]),
    step("sonarr", "unmonitor", ["S01E07", "S01E08"]),
    step("sonarr", "delete_episode_files", ["S01E07", "S01E08"]),
    step("jellyfin", "sync_library", ["/tv/Quiet Meridian/S01E07.mkv"], "Sonarr deletes the file"),
  ],
  kept: [
    {
      service: "qbittorrent",
      target: "Quiet.Meridian.S01.1080p",
      episode_ids: [1, 2],
      why: "the pack still holds 6 kept episodes",
    },
  ],
  already_gone: [],
  warnings: ["Jellyseerr could not be read"],
};

test("sections follow the services' order, with steps and what is kept and why", () => {
  const sections = planSections(plan.steps, plan.kept, t);
  assert.deepEqual(
    sections.map((s) => s.service),
    ["sonarr", "qbittorrent", "jellyfin", "shoko"],
  );
  const [sonarr, qbittorrent, jellyfin] = sections;
  assert.equal(sonarr.label, "Sonarr");
  assert.deepEqual(
    sonarr.steps.map((s) => s.text),
    ["Unmonitor S01E07, S01E08", "Delete episode files: S01E07, S01E08"],
  );
  assert.deepEqual(qbittorrent.steps, []);
  assert.deepEqual(qbittorrent.kept, [
    { target: "Quiet.Meridian.S01.1080p", why: "the pack still holds 6 kept episodes" },
  ]);
  assert.equal(jellyfin.steps[0].why, "Sonarr deletes the file");
  assert.equal(jellyfin.steps[0].failed, null);
});

test("a service this card does not know yet is listed last by its id", () => {
  const sections = planSections([step("radarr", "rescan", ["x"]), step("sonarr", "rescan", ["y"])], [], t);
  assert.deepEqual(sections.map((s) => s.label), ["Sonarr", "service.radarr"]);
});

test("headline and the empty plan", () => {
  assert.equal(planHeadline(plan, false, t), "Episodes: S01E07, S01E08");
  assert.equal(planHeadline(plan, true, t), "The whole series");
  assert.equal(planIsEmpty(plan), false);
  assert.equal(planIsEmpty({ ...plan, steps: [], already_gone: ["S01E07"] }), true);
});

test("a log shows its summary and the steps that failed", () => {
  const log: DeletionLog = {
    plan_id: "feedface",
    title: "Quiet Meridian",
    steps: [
      { ...step("sonarr", "delete_episode_files", ["S01E07"]), ok: true, message: "" },
      { ...step("jellyfin", "sync_library", ["/tv/x.mkv"]), ok: false, message: "HTTP 500" },
    ],
    episodes_deleted: ["S01E07"],
    episodes_failed: ["S01E08"],
    partial: true,
    summary: "Deleted 1/2 episodes, 1 failed: Jellyfin still lists S01E08",
    warnings: [],
  };
  const view = logView(log, t);
  assert.equal(view.summary, log.summary);
  assert.equal(view.partial, true);
  assert.deepEqual(view.failedSteps, [
    { text: "Forget deleted files: /tv/x.mkv", why: "", failed: "failed: HTTP 500" },
  ]);
});

test("steps and kept torrents read by name when the plan names them", () => {
  const named: PlanStep = {
    ...step("sonarr", "delete_episode_files", ["25", "26"]),
    labels: ["S01E07 Quiet Meridian - S01E07.mkv", "S01E08 Quiet Meridian - S01E08.mkv"],
  };
  const kept = {
    service: "qbittorrent",
    target: "0123abcd",
    label: "Quiet.Meridian.S01.1080p",
    episode_ids: [1],
    why: "finished: its data backs S01E09",
  };
  const [sonarr, qbittorrent] = planSections([named], [kept], t);
  assert.deepEqual(
    sonarr.steps.map((s) => s.text),
    ["Delete episode files: S01E07 Quiet Meridian - S01E07.mkv, S01E08 Quiet Meridian - S01E08.mkv"],
  );
  assert.deepEqual(qbittorrent.kept, [
    { target: "Quiet.Meridian.S01.1080p", why: "finished: its data backs S01E09" },
  ]);
});
