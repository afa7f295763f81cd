// <status-tracker-card-editor>: the card's visual editor (a request or all, compact or full).

import { LitElement, css, html, type TemplateResult } from "lit";

import { ALL, pickerValue, withPick, type CardConfig } from "./config.js";
import { followRequests } from "./feeds.js";
import type { HomeAssistant } from "./hass.js";
import { localizer } from "./localize.js";
import type { RequestRow } from "./types.js";

export class StatusTrackerCardEditor extends LitElement {
  static override properties = {
    hass: { attribute: false },
    _config: { state: true },
    _rows: { state: true },
  };

  declare hass?: HomeAssistant;
  declare _config?: CardConfig;
  declare _rows: RequestRow[];
  private _unsubscribe: Promise<() => Promise<void>> | null = null;

  static override styles = css`
    label {
      display: flex;
      flex-direction: column;
      gap: 4px;
      margin-bottom: 12px;
      color: var(--primary-text-color);
    }
    label.inline {
      flex-direction: row;
      align-items: center;
      gap: 8px;
    }
    select,
    input[type="text"] {
      font: inherit;
      padding: 6px;
      color: var(--primary-text-color);
      background: var(--card-background-color, transparent);
      border: 1px solid var(--divider-color);
      border-radius: 4px;
    }
  `;

  constructor() {
    super();
    this._rows = [];
  }

  setConfig(config: CardConfig): void {
    this._config = config;
  }

  protected override updated(): void {
    if (this.hass && !this._unsubscribe) {
      this._unsubscribe = followRequests(this.hass, (rows) => (this._rows = rows));
      this._unsubscribe.catch(() => undefined);
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._unsubscribe?.then((stop) => stop()).catch(() => undefined);
    this._unsubscribe = null;
  }

  private _changed(config: CardConfig): void {
    this._config = config;
    this.dispatchEvent(new CustomEvent("config-changed", { detail: { config }, bubbles: true, composed: true }));
  }

  protected override render(): TemplateResult {
    const config = this._config;
    if (!config) return html``;
    const t = localizer(this.hass?.locale?.language ?? this.hass?.language);
    const value = pickerValue(config);
    const rows = [...this._rows].sort((a, b) => a.title.localeCompare(b.title));
    return html`
      <label>
        ${t("editor.request")}
        <select @change=${(e: Event) => this._changed(withPick(config, (e.target as HTMLSelectElement).value))}>
          <option value=${ALL} ?selected=${value === ALL}>${t("editor.all")}</option>
          ${rows.map((row) => {
            const option = pickerValue({ series_id: row.series_id, config_entry_id: row.entry_id });
            return html`<option value=${option} ?selected=${option === value}>${row.title}</option>`;
          })}
        </select>
      </label>
      <label class="inline">
        <input
          type="checkbox"
          .checked=${config.compact === true}
          @change=${(e: Event) => this._changed({ ...config, compact: (e.target as HTMLInputElement).checked })}
        />
        ${t("editor.compact")}
      </label>
      <label>
        ${t("editor.title")}
        <input
          type="text"
          .value=${config.title ?? ""}
          @change=${(e: Event) => {
            const title = (e.target as HTMLInputElement).value.trim();
            const { title: _old, ...rest } = config;
            this._changed(title ? { ...rest, title } : rest);
          }}
        />
      </label>
    `;
  }
}
