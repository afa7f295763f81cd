// <status-tracker-card>: one request's seasons and episodes, or every request, live.

import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from "lit";
import { guard } from "lit/directives/guard.js";
import { repeat } from "lit/directives/repeat.js";

import { checkConfig, type CardConfig } from "./config.js";
import { deletionDialog, type DialogState } from "./dialog.js";
import { followRequest, followRequests, type RequestTarget } from "./feeds.js";
import { errorText, type HomeAssistant } from "./hass.js";
import { localizer, type Localize } from "./localize.js";
import { seasonViews, type SeasonView } from "./ranges.js";
import { prune, selectionCodes, toggle } from "./selection.js";
import { cardStyles } from "./styles.js";
import type { DeletionLog, EpisodeRow, Plan, RequestRow, RequestTree } from "./types.js";
import { header, overall, requestList, seasonBlock, seasonLine, type TreeUi } from "./views.js";

export class StatusTrackerCard extends LitElement {
  static override styles = cardStyles;

  static override properties = {
    hass: { attribute: false },
    _config: { state: true },
    _tree: { state: true },
    _rows: { state: true },
    _gone: { state: true },
    _error: { state: true },
    _selected: { state: true },
    _expanded: { state: true },
    _dialog: { state: true },
  };

  declare hass?: HomeAssistant;
  declare _config?: CardConfig;
  declare _tree: RequestTree | null;
  declare _rows: RequestRow[] | null;
  declare _gone: boolean;
  declare _error: string | null;
  declare _selected: Set<number>;
  declare _expanded: Set<string>;
  declare _dialog: DialogState | null;

  // The subscription's end, and what it follows (to subscribe again when that changes).
  private _unsubscribe: Promise<() => Promise<void>> | null = null;
  private _following: string | null = null;
  // Season views are recomputed only for seasons whose episode list changed (patches keep
  // untouched seasons' arrays).
  private _views = new WeakMap<EpisodeRow[], SeasonView>();

  constructor() {
    super();
    this._tree = null;
    this._rows = null;
    this._gone = false;
    this._error = null;
    this._selected = new Set();
    this._expanded = new Set();
    this._dialog = null;
  }

  static getConfigElement(): HTMLElement {
    return document.createElement("status-tracker-card-editor");
  }

  static getStubConfig(): CardConfig {
    return { type: "custom:status-tracker-card" };
  }

  setConfig(config: CardConfig): void {
    this._config = checkConfig(config);
  }

  getCardSize(): number {
    if (this._config?.compact) return 2;
    return this._tree ? 2 + this._tree.seasons.length * 2 : 3;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this._follow();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._stop();
  }

  // Home Assistant sets `hass` on every state change of any entity: the card's data comes from
  // its own feed, so only a change of language or of the user's rights draws it again.
  protected override shouldUpdate(changed: PropertyValues): boolean {
    if (changed.size !== 1 || !changed.has("hass")) return true;
    const old = changed.get("hass") as HomeAssistant | undefined;
    const now = this.hass;
    return (
      old === undefined ||
      now === undefined ||
      old.language !== now.language ||
      old.locale?.language !== now.locale?.language ||
      old.user?.is_admin !== now.user?.is_admin
    );
  }

  protected override updated(changed: PropertyValues): void {
    if (changed.has("hass") || changed.has("_config")) this._follow();
    if (changed.has("_dialog") && this._dialog) {
      // Keyboard users land in the dialog: on its first enabled button (Cancel, then Close).
      const dialog = this.renderRoot.querySelector<HTMLElement>('[role="dialog"]');
      if (dialog && !dialog.contains(this.renderRoot instanceof ShadowRoot ? this.renderRoot.activeElement : null)) {
        dialog.querySelector<HTMLButtonElement>("button:not([disabled])")?.focus();
      }
    }
  }

  private get _t(): Localize {
    return localizer(this.hass?.locale?.language ?? this.hass?.language);
  }

  private _target(): RequestTarget | null {
    const config = this._config;
    if (config?.series_id === undefined) return null;
    return config.config_entry_id
      ? { config_entry_id: config.config_entry_id, series_id: config.series_id }
      : { series_id: config.series_id };
  }

  /** Subscribe to what the config names, once per change of it (not per `hass` update). */
  private _follow(): void {
    if (!this.hass || !this._config || !this.isConnected) return;
    const target = this._target();
    const key = JSON.stringify(target);
    if (key === this._following) return;
    this._stop();
    this._following = key;
    this._tree = null;
    this._rows = null;
    this._gone = false;
    this._error = null;
    const subscription = target
      ? followRequest(this.hass, target, (state) => {
          this._gone = "gone" in state;
          this._tree = "tree" in state ? state.tree : null;
          if (this._tree) {
            this._selected = prune(this._selected, this._tree.seasons.flatMap((s) => s.episodes));
          }
        })
      : followRequests(this.hass, (rows) => (this._rows = rows));
    subscription.catch((error: unknown) => {
      this._error = errorText(error);
    });
    this._unsubscribe = subscription;
  }

  private _stop(): void {
    const unsubscribe = this._unsubscribe;
    this._unsubscribe = null;
    this._following = null;
    unsubscribe?.then((stop) => stop()).catch(() => undefined);
  }

  private _seasonViews(tree: RequestTree): SeasonView[] {
    const views: SeasonView[] = [];
    for (const season of [...tree.seasons].sort((a, b) => a.season - b.season)) {
      let view = this._views.get(season.episodes);
      if (!view) {
        [view] = seasonViews({ seasons: [season] });
        this._views.set(season.episodes, view);
      }
      views.push(view);
    }
    return views;
  }

  private get _admin(): boolean {
    return this.hass?.user?.is_admin === true;
  }

  protected override render(): TemplateResult {
    const t = this._t;
    const config = this._config;
    if (!config) return html``;
    let content: TemplateResult;
    if (this._error) content = html`<p class="failed">${t("card.error", { message: this._error })}</p>`;
    else if (config.series_id === undefined) content = this._renderAll(t);
    else if (this._gone) content = html`<p class="muted">${t("card.gone")}</p>`;
    else if (!this._tree) content = html`<p class="muted">${t("card.loading")}</p>`;
    else content = this._renderTree(this._tree, t);
    return html`<ha-card class=${config.compact ? "compact" : ""}>${content}</ha-card>`;
  }

  private _renderAll(t: Localize): TemplateResult {
    const title = this._config?.title || t("card.all_requests");
    return html`<header><h2>${title}</h2></header>
      ${this._rows === null
        ? html`<p class="muted">${t("card.loading")}</p>`
        : requestList(this._rows, t, Date.now(), this._config?.compact === true)}`;
  }

  private _renderTree(tree: RequestTree, t: Localize): TemplateResult {
    const compact = this._config?.compact === true;
    const seasons = this._seasonViews(tree);
    const now = Date.now();
    const title = this._config?.title || tree.title;
    const head = html`${header(title, tree.requested_by, tree.status, t)}${overall(tree, t, now)}`;
    if (compact) return html`${head}${seasons.map((s) => seasonLine(s, t))}`;
    const admin = this._admin;
    const ui: TreeUi = {
      t,
      now,
      downloads: new Map(tree.downloads.map((d) => [d.download_id, d])),
      selection: admin ? { selected: this._selected, toggle: (ids) => this._toggle(ids) } : null,
      expanded: this._expanded,
      expand: (key) => (this._expanded = new Set([...this._expanded, key])),
    };
    const last = tree.deletions[0];
    return html`${head}
      ${repeat(
        seasons,
        (s) => s.season,
        // A season is drawn again only when its episodes, the selection, expansion or downloads change.
        (s) => guard([s, this._selected, this._expanded, tree.downloads, admin, t], () => seasonBlock(s, ui)),
      )}
      ${last?.summary ? html`<p class="muted">${t("card.last_deletion", { summary: last.summary })}</p>` : nothing}
      ${admin ? this._renderDeleteBar(tree, t) : nothing}
      ${this._dialog ? deletionDialog(this._dialog, tree.title, t, { confirm: () => this._execute(), close: () => this._closeDialog() }) : nothing}`;
  }

  private _renderDeleteBar(tree: RequestTree, t: Localize): TemplateResult {
    const count = this._selected.size;
    return html`<div class="actions">
      ${count ? html`<span class="muted">${t("delete.selected", { count })}</span>` : nothing}
      <button class="action danger" ?disabled=${count === 0} @click=${() => this._plan(tree, false)}>
        ${t("delete.delete_selected")}
      </button>
      <button class="action danger" @click=${() => this._plan(tree, true)}>${t("delete.delete_series")}</button>
    </div>`;
  }

  private _toggle(ids: number[]): void {
    const rows = this._tree?.seasons.flatMap((s) => s.episodes).filter((e) => ids.includes(e.episode_id)) ?? [];
    this._selected = toggle(this._selected, rows);
  }

  /** The dry run: the plan of the selection (or the whole series), shown to confirm. */
  private async _plan(tree: RequestTree, cascade: boolean): Promise<void> {
    const hass = this.hass;
    const target = this._target();
    if (!hass || !target) return;
    const episodes = selectionCodes(tree.seasons.flatMap((s) => s.episodes), this._selected);
    this._dialog = { phase: "planning", cascade };
    try {
      const plan = await hass.callWS<Plan>({
        type: "status_tracker/deletion/plan",
        ...target,
        ...(cascade ? { cascade: true, import_list_exclusion: true } : { episodes }),
      });
      this._dialog = { phase: "confirm", plan, cascade };
    } catch (error) {
      this._dialog = { phase: "error", message: errorText(error) };
    }
  }

  /** Exactly the plan shown, by its id; the log's summary replaces the plan. */
  private async _execute(): Promise<void> {
    const hass = this.hass;
    const dialog = this._dialog;
    if (!hass || dialog?.phase !== "confirm") return;
    this._dialog = { ...dialog, phase: "running" };
    try {
      const log = await hass.callWS<DeletionLog>({
        type: "status_tracker/deletion/execute",
        plan_id: dialog.plan.plan_id,
        ...(dialog.plan.config_entry_id ? { config_entry_id: dialog.plan.config_entry_id } : {}),
      });
      this._selected = new Set();
      this._dialog = { phase: "done", log };
    } catch (error) {
      this._dialog = { phase: "error", message: errorText(error) };
    }
  }

  private _closeDialog(): void {
    if (this._dialog?.phase === "planning" || this._dialog?.phase === "running") return;
    this._dialog = null;
  }

}
