// What the deletion checkboxes select, as the deletion commands' fields.

import { episodeCode } from "./format.js";
import type { EpisodeRow } from "./types.js";

/**
 * The selected episodes as codes, consecutive ones of a season as one range ("S01E05-E07").
 * Episodes are always named one by one or by such ranges, never by season: a season of Sonarr
 * may hold episodes the request does not show, and the card deletes only what it shows.
 */
export function selectionCodes(rows: readonly EpisodeRow[], selected: ReadonlySet<number>): string[] {
  const chosen = rows
    .filter((row) => selected.has(row.episode_id))
    .sort((a, b) => a.season - b.season || a.episode - b.episode);
  const codes: string[] = [];
  let start: EpisodeRow | undefined;
  let end: EpisodeRow | undefined;
  const flush = (): void => {
    if (!start || !end) return;
    codes.push(
      start === end
        ? episodeCode(start.season, start.episode)
        : `${episodeCode(start.season, start.episode)}-E${String(end.episode).padStart(2, "0")}`,
    );
  };
  for (const row of chosen) {
    if (end && row.season === end.season && row.episode === end.episode + 1) {
      end = row;
      continue;
    }
    flush();
    start = end = row;
  }
  flush();
  return codes;
}

/** Season checkbox: checked when every episode is, mixed when some are. */
export function seasonChecked(
  episodes: readonly EpisodeRow[],
  selected: ReadonlySet<number>,
): "all" | "some" | "none" {
  const count = episodes.filter((row) => selected.has(row.episode_id)).length;
  if (count === 0) return "none";
  return count === episodes.length ? "all" : "some";
}

/** The selection after toggling rows: all of them on, unless all were on already. */
export function toggle(selected: ReadonlySet<number>, rows: readonly EpisodeRow[]): Set<number> {
  const next = new Set(selected);
  const allOn = rows.every((row) => next.has(row.episode_id));
  for (const row of rows) {
    if (allOn) next.delete(row.episode_id);
    else next.add(row.episode_id);
  }
  return next;
}

/** Selected ids that the tree no longer shows are dropped (deleted, or left the request). */
export function prune(selected: ReadonlySet<number>, rows: readonly EpisodeRow[]): Set<number> {
  const shown = new Set(rows.map((row) => row.episode_id));
  return new Set([...selected].filter((id) => shown.has(id)));
}
