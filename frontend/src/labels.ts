// How a status looks: its icon and its translated words.

import type { Localize } from "./localize.js";
import type { DownloadRow, EpisodeRow } from "./types.js";

const ICONS: Record<string, string> = {
  pending: "mdi:timer-sand",
  searching: "mdi:magnify",
  found: "mdi:file-find-outline",
  downloading: "mdi:download",
  importing: "mdi:import",
  available: "mdi:check-circle",
  failed: "mdi:alert-circle",
  requested: "mdi:timer-sand",
  partially_available: "mdi:progress-check",
};

export function statusIcon(status: string): string {
  return ICONS[status] ?? "mdi:help-circle-outline";
}

/** The icon of an episode: "waiting for Jellyfin" and "stalled" are not their status's. */
export function episodeIcon(row: EpisodeRow): string {
  if (row.status === "importing" && row.awaiting_jellyfin) return "mdi:television-clock";
  if (row.stalled) return "mdi:download-off";
  return statusIcon(row.status);
}

/** The words of an episode's state: status, or what qualifies it. */
export function episodeLabel(row: EpisodeRow, t: Localize): string {
  if (row.status === "importing" && row.awaiting_jellyfin) return t("card.waiting_jellyfin");
  const words = [t(`status.${row.status}`)];
  if (row.stalled) words.push(t("card.stalled"));
  else if (row.paused) words.push(t("card.paused"));
  if (row.upgrading) words.push(t("card.upgrading"));
  return words.join(" · ");
}

/** Why an episode is stuck: the failure's reason, else Sonarr's messages. */
export function episodeReason(row: EpisodeRow, download?: DownloadRow): string | null {
  return row.reason ?? download?.failed_reason ?? (row.messages.join("; ") || null);
}

export function releaseTypeLabel(type: string | null, t: Localize): string {
  return t(`release_type.${type ?? "unknown"}`);
}
