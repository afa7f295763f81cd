"""What the tracker coordinator hands to entities, services and diagnostics."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from .const import Service
from .tracking.correlate import TrackingState


@dataclass(frozen=True, slots=True)
class SeriesLink:
    """How to show a tracked series: its Sonarr page and its poster-less identity."""

    title: str
    sonarr_url: str | None  # the series page in Sonarr, for the device's configuration URL


@dataclass(frozen=True, slots=True)
class TrackerData:
    """One correlation's result with what the shell knows around it.

    ``down``: services whose last poll failed (their part of the picture is stale or missing);
    ``links``: per Sonarr series id; ``updated``: when the correlation ran;
    ``jellyfin_ids``: the Jellyfin series of each tracked request, this run's match or, while
    Jellyfin is unreachable, the last one seen (persisted across restarts).
    """

    state: TrackingState
    updated: datetime
    down: frozenset[Service] = frozenset()
    links: dict[int, SeriesLink] = field(default_factory=dict)
    jellyfin_ids: dict[int, str] = field(default_factory=dict)
