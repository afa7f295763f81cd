// The integration's JSON as the card receives it (tracking/request_tree.py, tracking/live_patch.py,
// deletion/model.py Plan.as_json, shell/deletion_runner.py _record). Only the fields the card reads.

export type EpisodeStatus =
  | "pending"
  | "searching"
  | "found"
  | "downloading"
  | "importing"
  | "available"
  | "failed";

export interface EpisodeRow {
  episode_id: number;
  season: number;
  episode: number;
  absolute: number | null;
  title: string | null;
  status: EpisodeStatus;
  since: string | null;
  progress: number; // percent
  size: number | null;
  downloaded: number | null;
  download_id: string | null;
  release: string | null;
  release_type: string | null;
  paused: boolean;
  stalled: boolean;
  upgrading: boolean;
  awaiting_jellyfin: boolean;
  messages: string[];
  reason: string | null;
}

export interface DownloadRow {
  download_id: string;
  title: string;
  release_type: string;
  progress: number; // percent
  size: number | null;
  downloaded: number | null;
  speed: number | null; // bytes per second
  eta: string | null;
  paused: boolean;
  stalled: boolean;
  failed_reason: string | null;
}

export interface DeletionBrief {
  finished: string | null;
  plan_id: string | null;
  cascade: boolean;
  episodes_deleted: string[];
  episodes_failed: string[];
  summary: string | null;
}

// What a request's tree and its row in the list both carry.
export interface RequestFigures {
  series_id: number;
  title: string;
  status: string;
  requested_by: string | null;
  episodes_available: number;
  episodes_total: number;
  percent_episodes: number;
  percent_bytes: number | null;
  eta: string | null;
}

export interface RequestTree extends RequestFigures {
  downloads: DownloadRow[];
  seasons: { season: number; episodes: EpisodeRow[] }[];
  deletions: DeletionBrief[];
  [field: string]: unknown;
}

export interface TreePatch {
  changed?: Record<string, unknown>;
  episodes?: EpisodeRow[];
  removed?: number[];
  downloads?: DownloadRow[];
  downloads_removed?: string[];
}

export interface RequestRow extends RequestFigures {
  entry_id: string;
  activity: string; // the newest status change of the request or its episodes
}

export interface RowsPatch {
  changed?: RequestRow[];
  removed?: { entry_id: string; series_id: number }[];
}

// One event of a subscription: the whole picture, a patch, or (one request) gone.
export type FeedEvent<Full, Patch> = { full: Full } | { patch: Patch } | { gone: true };

export interface PlanStep {
  service: string;
  action: string;
  targets: string[];
  labels?: string[]; // what a person reads per target (file and torrent names); ids without
  episode_ids: number[];
  why: string;
  ok?: boolean; // in a log: the step's outcome
  message?: string;
}

export interface KeptItem {
  service: string;
  target: string;
  label?: string; // the torrent's name
  episode_ids: number[];
  why: string;
}

export interface Plan {
  plan_id: string;
  series_id: number;
  title: string;
  config_entry_id?: string;
  episodes: string[];
  steps: PlanStep[];
  kept: KeptItem[];
  already_gone: string[];
  warnings: string[];
}

export interface DeletionLog {
  plan_id: string;
  title: string;
  steps: PlanStep[];
  episodes_deleted: string[];
  episodes_failed: string[];
  partial: boolean;
  summary: string;
  warnings: string[];
}
