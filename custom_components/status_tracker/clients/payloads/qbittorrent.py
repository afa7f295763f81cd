"""qBittorrent WebUI API v2 payloads (4.6 to 5.3): torrents, files, maindata parts, states."""

from __future__ import annotations

from enum import IntEnum
import re
from typing import Final, TypedDict

ETA_UNKNOWN: Final = 8640000
"""``eta`` value meaning "unknown / infinite" (qBittorrent's MAX_ETA, 100 days in seconds)."""

STOPPED_STATES: Final = frozenset({"stoppedUP", "stoppedDL", "pausedUP", "pausedDL"})
_STATE_RENAMES: Final = {"pausedUP": "stoppedUP", "pausedDL": "stoppedDL"}
# qBittorrent's torrent id is the v1 info-hash, or the v2 one (full or truncated to 40 digits).
_HASH_RE: Final = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")


class FilePriority(IntEnum):
    """File download priorities accepted by ``torrents/filePrio`` (``downloadpriority.h``)."""

    IGNORED = 0  # not downloaded; data already on disk is kept
    NORMAL = 1
    HIGH = 6
    MAXIMUM = 7


class QbtTorrent(TypedDict, total=False):
    """One torrent as ``torrents/info`` and ``sync/maindata`` describe it (qBittorrent's names).

    ``eta`` is seconds, with ``ETA_UNKNOWN`` meaning unknown; ``progress`` is 0..1; times are Unix
    seconds, ``completion_on`` is -1 while incomplete; ``tags`` is one string joined with ", ".
    """

    hash: str
    infohash_v1: str
    infohash_v2: str
    name: str
    size: int
    total_size: int
    progress: float
    dlspeed: int
    upspeed: int
    eta: int
    state: str
    category: str
    tags: str
    save_path: str
    download_path: str
    content_path: str
    root_path: str
    amount_left: int
    completed: int
    downloaded: int
    uploaded: int
    added_on: int
    completion_on: int
    last_activity: int
    availability: float
    seq_dl: bool
    f_l_piece_prio: bool
    force_start: bool
    auto_tmm: bool
    has_metadata: bool
    magnet_uri: str
    num_seeds: int
    num_leechs: int
    num_complete: int
    num_incomplete: int
    ratio: float
    priority: int
    tracker: str
    piece_size: int
    pieces_have: int
    pieces_num: int
    time_active: int
    seeding_time: int
    private: bool


class QbtFile(TypedDict, total=False):
    """One file of a torrent (``torrents/files``); ``name`` is relative to the save path."""

    index: int
    name: str
    size: int
    progress: float
    priority: int
    is_seed: bool
    piece_range: list[int]
    availability: float


class QbtCategory(TypedDict, total=False):
    """A category as ``sync/maindata`` sends it."""

    name: str
    savePath: str  # qBittorrent's own (camelCase) field name
    download_path: str | None


class QbtServerState(TypedDict, total=False):
    """Transfer totals of ``sync/maindata``'s ``server_state`` (only the fields used here)."""

    connection_status: str
    dl_info_speed: int
    up_info_speed: int
    dl_info_data: int
    up_info_data: int
    dl_rate_limit: int
    up_rate_limit: int
    free_space_on_disk: int
    use_alt_speed_limits: bool
    queueing: bool
    refresh_interval: int


def normalize_state(state: str) -> str:
    """Return the 5.x name of a torrent state (``pausedUP`` becomes ``stoppedUP``)."""
    return _STATE_RENAMES.get(state, state)


def is_stopped_state(state: str) -> bool:
    """Whether a state means stopped (5.x) or paused (4.x) by the user."""
    return state in STOPPED_STATES


def normalize_hash(value: str) -> str:
    """Lower-case one torrent hash (Sonarr upper-cases them) and check it looks like one.

    The check matters for the destructive calls: ``all`` is a valid ``hashes`` value to
    qBittorrent, and an empty or mangled id must never turn into "every torrent".
    """
    if not is_torrent_hash(value):
        raise ValueError(f"not a torrent hash: {value!r}")
    return value.strip().lower()


def is_torrent_hash(value: str) -> bool:
    """Whether a download id is a torrent's hash (v1 or v2), not another client's id."""
    return _HASH_RE.fullmatch(value.strip().lower()) is not None
