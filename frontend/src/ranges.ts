// Seasons of a request, with runs of episodes in the same state shown as one line
// ("E04–E12 ⏳ Pending") so a 500-episode request reads at a glance.

import type { EpisodeRow, RequestTree } from "./types.js";

export interface EpisodeGroup {
  first: number; // episode numbers, both inclusive
  last: number;
  episodes: EpisodeRow[];
  // What every episode of the group shows; null for an episode shown on its own line.
  key: string | null;
}

export interface SeasonView {
  season: number;
  episodes: EpisodeRow[];
  groups: EpisodeGroup[];
  available: number;
}

/** What a line shows for an episode; null when the episode has details of its own. */
export function displayKey(row: EpisodeRow): string | null {
  // Progress, speed and reasons differ per episode: such episodes keep their own line.
  if (row.status === "downloading" || row.status === "failed" || row.stalled || row.paused) {
    return null;
  }
  if (row.reason || row.messages.length > 0) return null;
  if (row.status === "importing" && row.awaiting_jellyfin) return "importing:jellyfin";
  if (row.status === "found") return `found:${row.download_id ?? row.release ?? ""}`;
  return row.status;
}

/** Runs of consecutive episodes with the same display key, in episode order. */
export function compressRuns(rows: readonly EpisodeRow[]): EpisodeGroup[] {
  const sorted = [...rows].sort((a, b) => a.episode - b.episode);
  const groups: EpisodeGroup[] = [];
  for (const row of sorted) {
    const key = displayKey(row);
    const last = groups[groups.length - 1];
    if (last && key !== null && last.key === key && row.episode === last.last + 1) {
      last.last = row.episode;
      last.episodes.push(row);
    } else {
      groups.push({ first: row.episode, last: row.episode, episodes: [row], key });
    }
  }
  return groups;
}

/** Every season of the tree in order, its episodes grouped into runs. */
export function seasonViews(tree: Pick<RequestTree, "seasons">): SeasonView[] {
  return [...tree.seasons]
    .sort((a, b) => a.season - b.season)
    .map(({ season, episodes }) => ({
      season,
      episodes,
      groups: compressRuns(episodes),
      available: episodes.filter((e) => e.status === "available").length,
    }));
}
