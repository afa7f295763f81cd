// The card in a DOM (happy-dom, no browser): what it draws from the feeds, and the deletion flow.
// The browser tests against a real Home Assistant come on top of these; they prove the page,
// these the card's own wiring.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { GlobalRegistrator } from "@happy-dom/global-registrator";

import type { HassMessage, HomeAssistant } from "../src/hass.js";
import type { EpisodeRow } from "../src/types.js";
import { episode, issuePicture, tree } from "./fixtures.js";

before(async () => {
  GlobalRegistrator.register();
  await import("../src/index.js"); // after the DOM exists: it defines the elements
});
after(async () => {
  await GlobalRegistrator.unregister();
});

interface FakeHass {
  hass: HomeAssistant;
  push: (event: unknown) => void;
  subscriptions: HassMessage[];
  calls: HassMessage[];
  unsubscribed: number;
}

function fakeHass(admin: boolean, answers: Record<string, unknown> = {}): FakeHass {
  const fake: FakeHass = {
    subscriptions: [],
    calls: [],
    unsubscribed: 0,
    push: () => undefined,
    hass: undefined as unknown as HomeAssistant,
  };
  fake.hass = {
    connection: {
      subscribeMessage: async <T>(callback: (event: T) => void, message: HassMessage) => {
        fake.subscriptions.push(message);
        fake.push = (event) => callback(event as T);
        return async () => {
          fake.unsubscribed += 1;
        };
      },
    },
    callWS: async <T>(message: HassMessage) => {
      fake.calls.push(message);
      return answers[message.type] as T;
    },
    user: { is_admin: admin },
    language: "en",
  };
  return fake;
}

type CardElement = HTMLElement & {
  hass: HomeAssistant;
  setConfig(config: object): void;
  updateComplete: Promise<boolean>;
};

async function mount(fake: FakeHass, config: object): Promise<CardElement> {
  const card = document.createElement("status-tracker-card") as CardElement;
  card.setConfig({ type: "custom:status-tracker-card", ...config });
  card.hass = fake.hass;
  document.body.appendChild(card);
  await card.updateComplete;
  await settle(card);
  return card;
}

async function settle(card: CardElement): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 0));
  await card.updateComplete;
}

const text = (card: CardElement): string =>
  (card.shadowRoot?.textContent ?? "").replace(/\s+/g, " ");

const buttons = (card: CardElement): HTMLButtonElement[] => [
  ...(card.shadowRoot?.querySelectorAll("button") ?? []),
] as HTMLButtonElement[];

function button(card: CardElement, label: string): HTMLButtonElement {
  const found = buttons(card).find((b) => b.textContent?.trim() === label);
  assert.ok(found, `no button "${label}" in: ${buttons(card).map((b) => b.textContent?.trim())}`);
  return found;
}

test("the issue's picture: header, overall, seasons in ranges, downloads with their pack", async () => {
  const fake = fakeHass(false);
  const card = await mount(fake, { series_id: 7, config_entry_id: "e1" });
  assert.deepEqual(fake.subscriptions, [
    { type: "status_tracker/request/subscribe", config_entry_id: "e1", series_id: 7 },
  ]);
  assert.match(text(card), /Loading/);

  const data = tree(issuePicture());
  data.episodes_available = 12;
  data.episodes_total = 24;
  data.percent_episodes = 50;
  fake.push({ full: data });
  await settle(card);

  const shown = text(card);
  for (const part of [
    "Spy x Family",
    "Requested by Anya",
    "Overall: 12/24 episodes (50 %)",
    "Season 1",
    "E01–E12",
    "Available",
    "E04–E12",
    "Pending",
    "45 %",
    "pack: SPY x FAMILY S02 1080p · 2 episodes from this torrent",
    "Searching",
  ]) {
    assert.ok(shown.includes(part), `"${part}" not in: ${shown}`);
  }
  // E02 comes from the same pack as E01: the torrent is named once.
  assert.equal(shown.split("pack: SPY x FAMILY").length, 2);
  // Not an admin: no deletion controls at all.
  assert.equal(card.shadowRoot?.querySelectorAll("input[type=checkbox]").length, 0);
  assert.ok(!shown.includes("Delete"));
  card.remove();
  await settle(card);
  assert.equal(fake.unsubscribed, 1);
});

test("a patch changes the episode it names; gone says so", async () => {
  const fake = fakeHass(false);
  const card = await mount(fake, { series_id: 7 });
  fake.push({ full: tree(issuePicture()) });
  await settle(card);
  const moved: EpisodeRow = { ...issuePicture()[13], progress: 80 }; // S02E02
  fake.push({ patch: { episodes: [moved] } });
  await settle(card);
  assert.ok(text(card).includes("80 %"));
  assert.ok(!text(card).includes("12 %"));
  fake.push({ gone: true });
  await settle(card);
  assert.match(text(card), /no longer tracked/);
  card.remove();
});

test("an admin selects a season, sees the plan per service, deletes, and reads the log", async () => {
  const plan = {
    plan_id: "p1",
    series_id: 7,
    title: "Spy x Family",
    config_entry_id: "e1",
    episodes: ["S01E01", "S01E02"],
    steps: [
      { service: "sonarr", action: "delete_episode_files", targets: ["S01E01", "S01E02"], episode_ids: [], why: "" },
    ],
    kept: [{ service: "qbittorrent", target: "Spy.S01.pack", episode_ids: [], why: "still seeding other episodes" }],
    already_gone: [],
    warnings: ["Shoko could not be read"],
  };
  const log = {
    plan_id: "p1",
    title: "Spy x Family",
    steps: [],
    episodes_deleted: ["S01E01", "S01E02"],
    episodes_failed: [],
    partial: false,
    summary: "Deleted 2/2 episodes",
    warnings: [],
  };
  const fake = fakeHass(true, {
    "status_tracker/deletion/plan": plan,
    "status_tracker/deletion/execute": log,
  });
  const card = await mount(fake, { series_id: 7 });
  fake.push({ full: tree([episode(1, 1, { status: "available" }), episode(1, 2, { status: "available" }), episode(2, 1)]) });
  await settle(card);

  assert.ok(button(card, "Delete selected").disabled);
  const seasonBox = card.shadowRoot?.querySelector<HTMLInputElement>('input[aria-label="Select season 1 for deletion"]');
  assert.ok(seasonBox);
  seasonBox.click();
  await settle(card);
  assert.match(text(card), /2 selected/);

  button(card, "Delete selected").click();
  await settle(card);
  assert.deepEqual(fake.calls[0], {
    type: "status_tracker/deletion/plan",
    series_id: 7,
    episodes: ["S01E01-E02"],
  });
  const dialog = text(card);
  for (const part of ["Episodes: S01E01, S01E02", "Sonarr", "Delete episode files: S01E01, S01E02", "qBittorrent", "Kept: Spy.S01.pack", "still seeding other episodes", "Shoko could not be read"]) {
    assert.ok(dialog.includes(part), `"${part}" not in: ${dialog}`);
  }

  button(card, "Delete").click();
  await settle(card);
  assert.deepEqual(fake.calls[1], { type: "status_tracker/deletion/execute", plan_id: "p1", config_entry_id: "e1" });
  assert.match(text(card), /Deleted 2\/2 episodes/);
  assert.match(text(card), /0 selected|Delete selected/);
  button(card, "Close").click();
  await settle(card);
  assert.equal(card.shadowRoot?.querySelector('[role="dialog"]'), null);
  card.remove();
});

test("compact and all-requests modes", async () => {
  const fake = fakeHass(true);
  const compact = await mount(fake, { series_id: 7, compact: true });
  fake.push({ full: tree(issuePicture()) });
  await settle(compact);
  assert.match(text(compact), /Season 1 12\/12/);
  assert.ok(!text(compact).includes("E04–E12"));
  assert.ok(!text(compact).includes("Delete"));
  compact.remove();

  const all = await mount(fake, {});
  assert.deepEqual(fake.subscriptions.at(-1), { type: "status_tracker/requests/subscribe" });
  const row = (series: number, title: string, activity: string) => ({
    entry_id: "e1", series_id: series, title, status: "downloading", requested_by: null,
    episodes_available: 1, episodes_total: 4, percent_episodes: 25, percent_bytes: 30,
    eta: null, activity,
  });
  fake.push({ full: [row(1, "Older", "2026-11-30T09:00:00Z"), row(2, "Newer", "2026-11-30T10:00:00Z")] });
  await settle(all);
  const shown = text(all);
  assert.ok(shown.indexOf("Newer") < shown.indexOf("Older"), shown);
  assert.match(shown, /All requests/);
  all.remove();
});

test("a 500-episode request renders, and follows a one-episode patch", async () => {
  const fake = fakeHass(true);
  const card = await mount(fake, { series_id: 7 });
  const rows = Array.from({ length: 500 }, (_, i) =>
    episode(1 + Math.floor(i / 50), 1 + (i % 50), { status: i % 7 === 0 ? "downloading" : "available", progress: 50 }),
  );
  const started = performance.now();
  fake.push({ full: tree(rows) });
  await settle(card);
  const firstRender = performance.now() - started;
  assert.equal(card.shadowRoot?.querySelectorAll("section.season").length, 10);

  const patched = performance.now();
  fake.push({ patch: { episodes: [{ ...rows[0], progress: 90 }] } });
  await settle(card);
  const patchRender = performance.now() - patched;
  assert.ok(text(card).includes("90 %"));
  console.log(`# 500 episodes (happy-dom): first render ${firstRender.toFixed(0)} ms, one-episode patch ${patchRender.toFixed(0)} ms`);
  card.remove();
});

test("a new hass object (any entity changed) does not draw the card again; a language change does", async () => {
  const fake = fakeHass(false);
  const card = await mount(fake, { series_id: 7 });
  fake.push({ full: tree(issuePicture()) });
  await settle(card);
  let renders = 0;
  const original = (card as unknown as { render: () => unknown }).render.bind(card);
  (card as unknown as { render: () => unknown }).render = () => {
    renders += 1;
    return original();
  };
  card.hass = { ...fake.hass };
  await settle(card);
  assert.equal(renders, 0);
  card.hass = { ...fake.hass, language: "de" };
  await settle(card);
  assert.equal(renders, 1);
  assert.equal(fake.subscriptions.length, 1); // the same feed throughout
  card.remove();
});

test("the editor lists the requests and reports the picked one, keeping the other settings", async () => {
  const fake = fakeHass(true);
  type Editor = HTMLElement & { hass: HomeAssistant; setConfig(config: object): void; updateComplete: Promise<boolean> };
  const editor = document.createElement("status-tracker-card-editor") as Editor;
  editor.setConfig({ type: "custom:status-tracker-card", compact: true });
  editor.hass = fake.hass;
  document.body.appendChild(editor);
  await editor.updateComplete;
  const row = (series: number, title: string) => ({
    entry_id: "e1", series_id: series, title, status: "pending", requested_by: null,
    episodes_available: 0, episodes_total: 1, percent_episodes: 0, percent_bytes: null,
    eta: null, activity: "2026-11-30T09:00:00Z",
  });
  fake.push({ full: [row(2, "Zeta"), row(1, "Alpha")] });
  await new Promise((resolve) => setTimeout(resolve, 0));
  await editor.updateComplete;

  const select = editor.shadowRoot?.querySelector("select");
  assert.ok(select);
  assert.deepEqual(
    [...select.querySelectorAll("option")].map((o) => o.textContent?.trim()),
    ["All requests", "Alpha", "Zeta"],
  );
  const configs: object[] = [];
  editor.addEventListener("config-changed", (event) => configs.push((event as CustomEvent).detail.config));
  select.value = "e1/2";
  select.dispatchEvent(new Event("change"));
  assert.deepEqual(configs, [
    { type: "custom:status-tracker-card", compact: true, config_entry_id: "e1", series_id: 2 },
  ]);
  editor.remove();
});

test("the dialog: focus moves into it, Escape cancels, and an error is shown", async () => {
  const fake = fakeHass(true);
  fake.hass.callWS = async <T>(message: HassMessage): Promise<T> => {
    fake.calls.push(message);
    throw { code: "service_validation_error", message: "The series carries the protection tag" };
  };
  const card = await mount(fake, { series_id: 7 });
  fake.push({ full: tree([episode(1, 1, { status: "available" })]) });
  await settle(card);

  button(card, "Delete series").click();
  await settle(card);
  assert.deepEqual(fake.calls[0], {
    type: "status_tracker/deletion/plan",
    series_id: 7,
    cascade: true,
    import_list_exclusion: true,
  });
  assert.match(text(card), /protection tag/);
  const close = button(card, "Close");
  assert.equal(card.shadowRoot?.activeElement, close);
  close.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", bubbles: true, composed: true }));
  await settle(card);
  assert.equal(card.shadowRoot?.querySelector('[role="dialog"]'), null);
  card.remove();
});

test("every control has a label; a run opens episode by episode for a single pick", async () => {
  const plan = { plan_id: "p", series_id: 7, title: "Spy x Family", episodes: ["S02E07"], steps: [], kept: [], already_gone: ["S02E07"], warnings: [] };
  const fake = fakeHass(true, { "status_tracker/deletion/plan": plan });
  const card = await mount(fake, { series_id: 7 });
  fake.push({ full: tree(issuePicture()) });
  await settle(card);
  const boxes = [...(card.shadowRoot?.querySelectorAll("input[type=checkbox]") ?? [])];
  assert.ok(boxes.length > 0);
  for (const box of boxes) assert.ok(box.getAttribute("aria-label"), box.outerHTML);
  assert.ok(boxes.some((b) => b.getAttribute("aria-label") === "Select Season 2 E04–E12 for deletion"));

  button(card, "E04–E12").click();
  await settle(card);
  const single = card.shadowRoot?.querySelector<HTMLInputElement>('input[aria-label="Select Season 2 E07 for deletion"]');
  assert.ok(single);
  single.click();
  await settle(card);
  button(card, "Delete selected").click();
  await settle(card);
  assert.deepEqual(fake.calls[0].episodes, ["S02E07"]);
  // A plan with nothing left to do is said so, and cannot be confirmed.
  assert.match(text(card), /Nothing to do\. Already gone: S02E07/);
  assert.ok(button(card, "Delete").disabled);
  card.remove();
});
