// The integration's live feeds (websocket subscriptions): the latest picture, kept by patches.

import type { HassMessage, HomeAssistant } from "./hass.js";
import { applyRowsPatch, applyTreePatch } from "./patch.js";
import type { FeedEvent, RequestRow, RequestTree, RowsPatch, TreePatch } from "./types.js";

export interface RequestTarget {
  config_entry_id?: string;
  series_id: number;
}

export type TreeState = { tree: RequestTree } | { gone: true };

/** Follow one request: `onChange` gets the tree after every event, or gone. */
export function followRequest(
  hass: HomeAssistant,
  target: RequestTarget,
  onChange: (state: TreeState) => void,
): Promise<() => Promise<void>> {
  let tree: RequestTree | null = null;
  const message: HassMessage = { type: "status_tracker/request/subscribe", ...target };
  return hass.connection.subscribeMessage<FeedEvent<RequestTree, TreePatch>>((event) => {
    if ("full" in event) tree = event.full;
    else if ("patch" in event && tree) tree = applyTreePatch(tree, event.patch);
    else tree = null;
    onChange(tree ? { tree } : { gone: true });
  }, message);
}

/** Follow every request: `onChange` gets the rows after every event. */
export function followRequests(
  hass: HomeAssistant,
  onChange: (rows: RequestRow[]) => void,
): Promise<() => Promise<void>> {
  let rows: RequestRow[] = [];
  return hass.connection.subscribeMessage<FeedEvent<RequestRow[], RowsPatch>>(
    (event) => {
      if ("full" in event) rows = event.full;
      else if ("patch" in event) rows = applyRowsPatch(rows, event.patch);
      onChange(rows);
    },
    { type: "status_tracker/requests/subscribe" },
  );
}
