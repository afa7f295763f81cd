"""The tracking core: release parsing, correlation, status. No I/O, clock or Home Assistant.

This module is the core's public surface: the shell imports from here, not from the modules.
"""

from .correlate import correlate
from .interest import (
    JellyfinInterest,
    SonarrInterest,
    downloads_active,
    file_lists_wanted,
    jellyfin_interest,
    jellyfin_series_to_read,
    sonarr_series_to_read,
)
from .jellyfin_match import matched_series, remembered_jellyfin_ids
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
    "DownloadState",
    "EpisodeState",
    "EpisodeStatus",
    "JellyfinInterest",
    "PushedGrab",
    "ReleaseType",
    "RequestProgress",
    "RequestState",
    "RequestStatus",
    "SeasonSummary",
    "Snapshot",
    "SonarrInterest",
    "Timeline",
    "TimelineEvent",
    "TrackingState",
    "Transition",
    "bound_pushed_grabs",
    "correlate",
    "downloads_active",
    "file_lists_wanted",
    "jellyfin_interest",
    "jellyfin_series_to_read",
    "matched_series",
    "pushed_grab",
    "remembered_jellyfin_ids",
    "request_tree",
    "sonarr_series_to_read",
]
