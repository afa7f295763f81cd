// The card's configuration, and how the editor's request picker reads and writes it.

export interface CardConfig {
  type: string;
  series_id?: number; // none: every request
  config_entry_id?: string;
  compact?: boolean;
  title?: string;
}

export const ALL = "";

/** The picker's value of a config or a request row: "entry/series", or "" for every request. */
export function pickerValue(config: Pick<CardConfig, "series_id" | "config_entry_id">): string {
  return config.series_id === undefined ? ALL : `${config.config_entry_id ?? ""}/${config.series_id}`;
}

/** The config after picking a value of the picker (other settings kept). */
export function withPick(config: CardConfig, value: string): CardConfig {
  const { series_id: _series, config_entry_id: _entry, ...rest } = config;
  if (value === ALL) return rest;
  const [entry, series] = value.split("/");
  return { ...rest, ...(entry ? { config_entry_id: entry } : {}), series_id: Number(series) };
}

/** A config the card accepts, or why not (Home Assistant shows the message in the editor). */
export function checkConfig(config: unknown): CardConfig {
  if (!config || typeof config !== "object") throw new Error("Invalid configuration");
  const { series_id } = config as CardConfig;
  if (series_id !== undefined && !(Number.isInteger(series_id) && series_id > 0)) {
    throw new Error("series_id must be a whole number of at least 1");
  }
  return config as CardConfig;
}
