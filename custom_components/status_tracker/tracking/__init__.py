"""The tracking core: release parsing, correlation, status. No I/O, clock or Home Assistant.

This module is the core's public surface: the shell imports from here, not from the modules.
"""

from .correlate import correlate
from .interest import (
    FILE_LIST_REFRESH,
    FileListMark,
    FileListRead,
    JellyfinInterest,
    SonarrInterest,
    awaits_client,
    downloads_active,
    file_list_mark,
    file_list_to_read,
    file_lists_wanted,
    jellyfin_interest,
    jellyfin_lacks_waiting_series,
    jellyfin_series_to_read,
    keeps_fast_pace,
    sonarr_series_to_read,
)
from .jellyfin_match import matched_series, remembered_jellyfin_ids
from .live_patch import RowKey, request_row, row_key, rows_patch, tree_patch
from .model import (
    DownloadState,
    EpisodeState,
    ReleaseType,
    RequestProgress,
    RequestState,
    SeasonSummary,
    TimelineEvent,
    TrackingState,
    Transition,
)
from .pushed import PushedGrab, bounded as bound_pushed_grabs, from_event as pushed_grab
from .request_tree import request_tree
from .snapshot import DEFAULT_RETENTION, Snapshot
from .status import EpisodeStatus, RequestStatus
from .timeline import Timeline

__all__ = [
    "DEFAULT_RETENTION",
    "FILE_LIST_REFRESH",
    "DownloadState",
    "EpisodeState",
    "EpisodeStatus",
    "FileListMark",
    "FileListRead",
    "JellyfinInterest",
    "PushedGrab",
    "ReleaseType",
    "RequestProgress",
    "RequestState",
    "RequestStatus",
    "RowKey",
    "SeasonSummary",
    "Snapshot",
    "SonarrInterest",
    "Timeline",
    "TimelineEvent",
    "TrackingState",
    "Transition",
    "awaits_client",
    "bound_pushed_grabs",
    "correlate",
    "downloads_active",
    "file_list_mark",
    "file_list_to_read",
    "file_lists_wanted",
    "jellyfin_interest",
    "jellyfin_lacks_waiting_series",
    "jellyfin_series_to_read",
    "keeps_fast_pace",
    "matched_series",
    "pushed_grab",
    "remembered_jellyfin_ids",
    "request_row",
    "request_tree",
    "row_key",
    "rows_patch",
    "sonarr_series_to_read",
    "tree_patch",
]
