import assert from "node:assert/strict";
import { test } from "node:test";

import { followRequest, followRequests, type TreeState } from "../src/feeds.js";
import type { HassMessage, HomeAssistant } from "../src/hass.js";
import type { RequestRow } from "../src/types.js";
import { episode, tree } from "./fixtures.js";

// A connection that records what was subscribed and lets the test push events.
function fakeHass(): { hass: HomeAssistant; push: (event: unknown) => void; sent: HassMessage[] } {
  const sent: HassMessage[] = [];
  let listener: (event: unknown) => void = () => undefined;
  const hass = {
    connection: {
      subscribeMessage: async <T>(callback: (event: T) => void, message: HassMessage) => {
        sent.push(message);
        listener = callback as (event: unknown) => void;
        return async () => undefined;
      },
    },
    callWS: async () => {
      throw new Error("not used");
    },
  } as HomeAssistant;
  return { hass, push: (event) => listener(event), sent };
}

test("one request: the full tree, a patch on it, gone, and back", async () => {
  const { hass, push, sent } = fakeHass();
  const states: TreeState[] = [];
  await followRequest(hass, { config_entry_id: "e", series_id: 7 }, (s) => states.push(s));
  assert.deepEqual(sent, [{ type: "status_tracker/request/subscribe", config_entry_id: "e", series_id: 7 }]);

  push({ full: tree([episode(1, 1)]) });
  push({ patch: { episodes: [episode(1, 1, { status: "searching" })] } });
  push({ gone: true });
  push({ patch: { changed: { title: "ignored: nothing to patch" } } });
  push({ full: tree([episode(1, 2)]) });

  const seen = states.map((s) => ("tree" in s ? s.tree.seasons[0].episodes[0].status + s.tree.seasons[0].episodes[0].episode : "gone"));
  assert.deepEqual(seen, ["pending1", "searching1", "gone", "gone", "pending2"]);
});

test("every request: rows kept by patches", async () => {
  const { hass, push } = fakeHass();
  let rows: RequestRow[] = [];
  await followRequests(hass, (r) => (rows = r));
  const row = { entry_id: "e", series_id: 1, title: "A", status: "pending", requested_by: null,
    episodes_available: 0, episodes_total: 2, percent_episodes: 0, percent_bytes: null,
    eta: null, activity: "2026-11-30T10:00:00Z" };
  push({ full: [row] });
  push({ patch: { changed: [{ ...row, series_id: 2 }] } });
  push({ patch: { removed: [{ entry_id: "e", series_id: 1 }] } });
  assert.deepEqual(rows.map((r) => r.series_id), [2]);
});
