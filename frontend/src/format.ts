// Numbers as people read them: sizes, speeds, durations, episode codes.

const UNITS = ["B", "KB", "MB", "GB", "TB"];

/** 1536 → "1.5 KB" (powers of 1024, one decimal under 10). */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = value < 10 && unit > 0 ? 1 : 0;
  return `${value.toFixed(digits)} ${UNITS[unit]}`;
}

/** Seconds → "45 s", "14 min", "2 h 05 min", "3 d 4 h". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const minutes = Math.round(s / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ${String(minutes % 60).padStart(2, "0")} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

/** An ETA (ISO time) as the time left from `now`; null when unknown. */
export function etaText(eta: string | null | undefined, now: number): string | null {
  if (!eta) return null;
  const at = Date.parse(eta);
  return Number.isNaN(at) ? null : formatDuration((at - now) / 1000);
}

const two = (n: number): string => String(n).padStart(2, "0");

/** "S01E03". */
export function episodeCode(season: number, episode: number): string {
  return `S${two(season)}E${two(episode)}`;
}

/** "E04" or "E04–E12" (what a group of episodes of one season shows). */
export function episodeRange(first: number, last: number): string {
  return first === last ? `E${two(first)}` : `E${two(first)}–E${two(last)}`;
}
