"""What the coordinator hands to entities, services and diagnostics."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from custom_components.status_tracker.clients.payloads.sonarr import SonarrSeries
from custom_components.status_tracker.const import Service
from custom_components.status_tracker.shell.sources.base import well_formed
from custom_components.status_tracker.tracking import EpisodeState, TrackingState


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
    Jellyfin is unreachable, the last one seen (persisted across restarts);
    ``sonarr_unavailable``: Sonarr failed for longer than one poll: everything derived from its
    answers is stale, so the request, episode and count entities are unavailable;
    ``episodes``: every episode of ``state`` by (series id, episode id) (``episode_index``),
    built with the correlation off the event loop: every episode sensor looks itself up on every
    update, so one index per update keeps that linear in the number of episodes.
    """

    state: TrackingState
    updated: datetime
    episodes: Mapping[tuple[int, int], EpisodeState]
    down: frozenset[Service] = frozenset()
    links: dict[int, SeriesLink] = field(default_factory=dict)
    jellyfin_ids: dict[int, str] = field(default_factory=dict)
    sonarr_unavailable: bool = False


def episode_index(state: TrackingState) -> dict[tuple[int, int], EpisodeState]:
    """Every episode of ``state`` by (series id, episode id)."""
    return {
        (request.series_id, episode.episode_id): episode
        for request in state.requests.values()
        for episode in request.episodes
    }


def series_links(
    series: Iterable[SonarrSeries], state: TrackingState, sonarr_url: str
) -> dict[int, SeriesLink]:
    """How to show each tracked series: its title and its page in Sonarr."""
    links: dict[int, SeriesLink] = {}
    for item in well_formed(series):
        series_id = item.get("id")
        if type(series_id) is int and series_id in state.requests:
            slug = item.get("titleSlug")
            links[series_id] = SeriesLink(
                title=state.requests[series_id].title,
                sonarr_url=f"{sonarr_url}/series/{slug}"
                if isinstance(slug, str) and slug
                else None,
            )
    return links
