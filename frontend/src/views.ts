// What the card draws from the data: pure templates, no state of their own.

import { html, nothing, type TemplateResult } from "lit";
import { repeat } from "lit/directives/repeat.js";

import { episodeRange, etaText, formatBytes } from "./format.js";
import { episodeIcon, episodeLabel, episodeReason, releaseTypeLabel, statusIcon } from "./labels.js";
import type { Localize } from "./localize.js";
import { byActivity } from "./patch.js";
import type { EpisodeGroup, SeasonView } from "./ranges.js";
import { seasonChecked } from "./selection.js";
import type { DownloadRow, RequestRow, RequestTree } from "./types.js";

export function bar(percent: number | null, label: string, kind = ""): TemplateResult {
  const value = Math.max(0, Math.min(100, percent ?? 0));
  return html`<div
    class="bar ${kind}"
    role="progressbar"
    aria-label=${label}
    aria-valuemin="0"
    aria-valuemax="100"
    aria-valuenow=${Math.round(value)}
  >
    <div style="width: ${value}%"></div>
  </div>`;
}

export function seasonTitle(season: number, t: Localize): string {
  return season === 0 ? t("card.specials") : t("card.season", { season });
}

/** Title, requester, and the aggregate figures with their bars. */
export function overall(tree: RequestTree, t: Localize, now: number): TemplateResult {
  const eta = etaText(tree.eta, now);
  const episodes = t("card.overall", {
    available: tree.episodes_available,
    total: tree.episodes_total,
    percent: Math.round(tree.percent_episodes),
  });
  const bytes = tree.percent_bytes === null ? null : t("card.bytes", { percent: Math.round(tree.percent_bytes) });
  return html`<div class="overall">
    <div class="line"><span>${episodes}</span>${eta ? html`<span>${t("card.eta", { eta })}</span>` : nothing}</div>
    ${bar(tree.percent_episodes, episodes)}
    ${bytes
      ? html`<div class="line muted"><span>${bytes}</span></div>${bar(tree.percent_bytes, bytes, "bytes")}`
      : nothing}
  </div>`;
}

export function header(title: string, requestedBy: string | null, status: string, t: Localize): TemplateResult {
  return html`<header>
    <h2>${title}</h2>
    <span class="muted">
      ${requestedBy ? t("card.requested_by", { name: requestedBy }) + " · " : nothing}${t(`status.${status}`)}
    </span>
  </header>`;
}

export interface SelectionUi {
  selected: ReadonlySet<number>;
  toggle: (ids: number[]) => void;
}

export interface TreeUi {
  t: Localize;
  now: number;
  downloads: Map<string, DownloadRow>;
  selection: SelectionUi | null; // null: no deletion controls (not an admin, or compact)
  expanded: ReadonlySet<string>;
  expand: (key: string) => void;
}

function checkbox(label: string, state: "all" | "some" | "none", onToggle: () => void): TemplateResult {
  return html`<input
    type="checkbox"
    aria-label=${label}
    title=${label}
    .checked=${state === "all"}
    .indeterminate=${state === "some"}
    @change=${onToggle}
  />`;
}

function groupKey(season: number, group: EpisodeGroup): string {
  return `${season}:${group.first}`;
}

/** One line: a run of episodes in one state, or one episode with its details. */
function groupRow(season: SeasonView, group: EpisodeGroup, ui: TreeUi, showRelease: boolean): TemplateResult {
  const { t } = ui;
  const first = group.episodes[0];
  const label = episodeLabel(first, t);
  const range = episodeRange(group.first, group.last);
  const ids = group.episodes.map((e) => e.episode_id);
  const select = ui.selection;
  const download = first.download_id ? ui.downloads.get(first.download_id) : undefined;
  const single = group.episodes.length === 1;
  const reason = single ? episodeReason(first, download) : null;
  const statusClass = first.stalled ? "stalled" : first.status;
  const details: TemplateResult[] = [];
  if (single && first.status === "downloading") {
    const eta = etaText(download?.eta, ui.now);
    const speed = download?.speed ? t("card.speed", { speed: formatBytes(download.speed) }) : null;
    details.push(html`${bar(first.progress, `${range} ${label}`)}
      <span class="muted">${[`${Math.round(first.progress)} %`, speed, eta ? t("card.eta", { eta }) : null].filter(Boolean).join(" · ")}</span>`);
  }
  if (showRelease && first.release) {
    const type = releaseTypeLabel(first.release_type, t);
    const text = first.release_type === "season_pack" ? t("card.pack", { release: first.release }) : `${type}: ${first.release}`;
    const count = first.download_id ? season.episodes.filter((e) => e.download_id === first.download_id).length : 1;
    details.push(html`<span class="release">${text}${count > 1 ? html` · ${t("card.files_of", { count })}` : nothing}</span>`);
  }
  if (reason) details.push(html`<span class="failed">${reason}</span>`);
  const expandable = !single && select !== null;
  return html`<div class="row ${select ? "" : "no-select"}">
    ${select ? checkbox(t("delete.select_episode", { episode: `${seasonTitle(season.season, t)} ${range}` }), seasonChecked(group.episodes, select.selected), () => select.toggle(ids)) : nothing}
    <span class="code">${expandable
      ? html`<button class="link" aria-expanded="false" @click=${() => ui.expand(groupKey(season.season, group))}>${range}</button>`
      : range}</span>
    <ha-icon class=${statusClass} .icon=${episodeIcon(first)}></ha-icon>
    <span class=${statusClass}>${label}</span>
    ${details.length ? html`<div class="detail">${details}</div>` : nothing}
  </div>`;
}

function sameDownload(previous: EpisodeGroup | undefined, group: EpisodeGroup): boolean {
  const id = group.episodes[0].download_id;
  return id !== null && previous?.episodes.length === 1 && previous.episodes[0].download_id === id;
}

/** A season: its heading (with its checkbox for admins) and its lines. */
export function seasonBlock(season: SeasonView, ui: TreeUi): TemplateResult {
  const { t } = ui;
  const title = seasonTitle(season.season, t);
  const select = ui.selection;
  // An expanded run shows its episodes one by one (to pick one of them for deletion).
  const groups = season.groups.flatMap((group) =>
    ui.expanded.has(groupKey(season.season, group)) && group.episodes.length > 1
      ? group.episodes.map((e) => ({ first: e.episode, last: e.episode, episodes: [e], key: null }))
      : [group],
  );
  return html`<section class="season" aria-label=${title}>
    <div class="season-head">
      ${select
        ? checkbox(t("delete.select_season", { season: season.season }), seasonChecked(season.episodes, select.selected), () =>
            select.toggle(season.episodes.map((e) => e.episode_id)),
          )
        : nothing}
      <span>${title}</span>
      <span class="muted">${season.available}/${season.episodes.length}</span>
    </div>
    ${repeat(
      groups,
      (g) => g.first,
      // A torrent's episodes one after the other name it once: they belong to the same pack.
      (g, i) => groupRow(season, g, ui, g.episodes.length === 1 && !sameDownload(groups[i - 1], g)),
    )}
  </section>`;
}

/** Compact: one line per season, no episodes. */
export function seasonLine(season: SeasonView, t: Localize): TemplateResult {
  const done = season.available === season.episodes.length;
  return html`<div class="season-line">
    <span>${seasonTitle(season.season, t)}</span>
    <span class=${done ? "available" : "muted"}>${season.available}/${season.episodes.length}
      ${done ? html`<ha-icon .icon=${statusIcon("available")}></ha-icon>` : nothing}</span>
  </div>`;
}

/** The "all requests" list: every request with its bar, newest activity first. */
export function requestList(rows: readonly RequestRow[], t: Localize, now: number, compact: boolean): TemplateResult {
  if (rows.length === 0) return html`<p class="muted">${t("card.no_requests")}</p>`;
  return html`${repeat(
    byActivity(rows),
    (row) => `${row.entry_id}/${row.series_id}`,
    (row) => {
      const eta = etaText(row.eta, now);
      const figures = t("card.overall", {
        available: row.episodes_available,
        total: row.episodes_total,
        percent: Math.round(row.percent_episodes),
      });
      return html`<div class="request">
        <div class="line">
          <span>${row.title}</span>
          <span class="muted"><ha-icon .icon=${statusIcon(row.status)}></ha-icon> ${t(`status.${row.status}`)}</span>
        </div>
        ${bar(row.percent_episodes, `${row.title}: ${figures}`)}
        ${compact
          ? nothing
          : html`<div class="line muted"><span>${figures}</span>${eta ? html`<span>${t("card.eta", { eta })}</span>` : nothing}</div>`}
      </div>`;
    },
  )}`;
}
