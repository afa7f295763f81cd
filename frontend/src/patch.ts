// Applying the live feeds' patches (format: custom_components/status_tracker/tracking/live_patch.py).

import type { DownloadRow, EpisodeRow, RequestRow, RequestTree, RowsPatch, TreePatch } from "./types.js";

/** The tree after a patch; rows the patch does not name are the same objects as before. */
export function applyTreePatch(tree: RequestTree, patch: TreePatch): RequestTree {
  const removed = new Set(patch.removed ?? []);
  const replaced = new Map((patch.episodes ?? []).map((row) => [row.episode_id, row]));
  const seasons = new Map<number, EpisodeRow[]>();
  for (const { season, episodes } of tree.seasons) {
    for (const row of episodes) {
      if (removed.has(row.episode_id) || replaced.has(row.episode_id)) continue;
      seasons.set(season, [...(seasons.get(season) ?? []), row]);
    }
  }
  for (const row of replaced.values()) {
    seasons.set(row.season, [...(seasons.get(row.season) ?? []), row]);
  }
  // Seasons untouched by the patch keep their array (lit re-renders only what changed).
  const before = new Map(tree.seasons.map((s) => [s.season, s]));
  const touched = new Set([...replaced.values()].map((row) => row.season));
  for (const { season, episodes } of tree.seasons) {
    if (episodes.some((row) => removed.has(row.episode_id))) touched.add(season);
  }
  const result = [...seasons.entries()]
    .sort(([a], [b]) => a - b)
    .map(([season, rows]) =>
      touched.has(season)
        ? { season, episodes: rows.sort((a, b) => a.episode - b.episode) }
        : before.get(season)!,
    );
  return { ...tree, ...(patch.changed ?? {}), seasons: result, downloads: patchDownloads(tree.downloads, patch) } as RequestTree;
}

/** Downloads replaced in place, new ones last, removed ones gone; untouched: the same array. */
function patchDownloads(downloads: DownloadRow[], patch: TreePatch): DownloadRow[] {
  if (!patch.downloads && !patch.downloads_removed) return downloads;
  const removed = new Set(patch.downloads_removed ?? []);
  const replaced = new Map((patch.downloads ?? []).map((row) => [row.download_id, row]));
  const kept = downloads
    .filter((row) => !removed.has(row.download_id))
    .map((row) => replaced.get(row.download_id) ?? row);
  const known = new Set(downloads.map((row) => row.download_id));
  return [...kept, ...[...replaced.values()].filter((row) => !known.has(row.download_id))];
}

const keyOf = (row: { entry_id: string; series_id: number }): string =>
  `${row.entry_id}/${row.series_id}`;

/** The request list after a patch. */
export function applyRowsPatch(rows: readonly RequestRow[], patch: RowsPatch): RequestRow[] {
  const byKey = new Map(rows.map((row) => [keyOf(row), row]));
  for (const gone of patch.removed ?? []) byKey.delete(keyOf(gone));
  for (const row of patch.changed ?? []) byKey.set(keyOf(row), row);
  return [...byKey.values()];
}

/** Newest activity first (the "all requests" list's order), then by title. */
export function byActivity(rows: readonly RequestRow[]): RequestRow[] {
  return [...rows].sort(
    (a, b) =>
      Date.parse(b.activity) - Date.parse(a.activity) || a.title.localeCompare(b.title),
  );
}
