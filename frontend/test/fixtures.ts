// Rows as the integration sends them, with only what a test cares about spelled out.

import type { EpisodeRow, RequestTree } from "../src/types.js";

export function episode(season: number, number: number, fields: Partial<EpisodeRow> = {}): EpisodeRow {
  return {
    episode_id: season * 1000 + number,
    season,
    episode: number,
    absolute: null,
    title: `Episode ${number}`,
    status: "pending",
    since: "2026-11-30T10:00:00+00:00",
    progress: 0,
    size: null,
    downloaded: null,
    download_id: null,
    release: null,
    release_type: null,
    paused: false,
    stalled: false,
    upgrading: false,
    awaiting_jellyfin: false,
    messages: [],
    reason: null,
    ...fields,
  };
}

export function tree(episodes: EpisodeRow[]): RequestTree {
  const seasons = new Map<number, EpisodeRow[]>();
  for (const row of episodes) seasons.set(row.season, [...(seasons.get(row.season) ?? []), row]);
  return {
    series_id: 7,
    title: "Spy x Family",
    status: "downloading",
    requested_by: "Anya",
    episodes_available: episodes.filter((e) => e.status === "available").length,
    episodes_total: episodes.length,
    percent_episodes: 0,
    percent_bytes: null,
    eta: null,
    downloads: [],
    seasons: [...seasons.entries()].map(([season, rows]) => ({ season, episodes: rows })),
    deletions: [],
  };
}

// The issue's picture: season 1 available, season 2 a pack on its way, searching, pending.
export function issuePicture(): EpisodeRow[] {
  const pack = { download_id: "ABC", release: "SPY x FAMILY S02 1080p", release_type: "season_pack" };
  return [
    ...Array.from({ length: 12 }, (_, i) => episode(1, i + 1, { status: "available" })),
    episode(2, 1, { status: "downloading", progress: 45, ...pack }),
    episode(2, 2, { status: "downloading", progress: 12, ...pack }),
    episode(2, 3, { status: "searching" }),
    ...Array.from({ length: 9 }, (_, i) => episode(2, i + 4)),
  ];
}
