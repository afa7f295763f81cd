"""Which series are requests, and which of their episodes a request covers.

A request is one Sonarr series, keyed by its Sonarr id. It is tracked when (reasons):

* ``jellyseerr``: Jellyseerr holds a (not declined) request for it, matched by TVDB id, else by
  Sonarr id (``externalServiceId``), else TMDB id; requester and requested seasons come from it.
  A request Jellyseerr calls fulfilled (request COMPLETED or media AVAILABLE) whose last update
  is older than the retention window no longer counts by itself: years of fulfilled requests
  must not keep a whole library tracked. Activity or a new request brings the series back;
* ``activity``: Sonarr's queue lists a download for it, or it grabbed something for it within the
  retention window;
* ``recently_added``: the series was added to Sonarr within the retention window;
* ``carried_over``: it was tracked in the previous correlation and its status changed within the
  retention window (so a request does not vanish when its grab ages out of the history, and a
  finished one stays visible for the retention window).

Missing episodes alone never make a request: old gaps in a large library stay out of view.

Episodes in scope: the requested seasons (Jellyseerr; a request naming no season means every
season but specials), else the seasons with activity, plus the monitored seasons of a recently
added series, plus the scope the request had before, plus every episode with activity (a later
grab outside those seasons reopens the same request). Within those seasons an episode counts
when it is monitored or has a file: an unmonitored missing episode is one nobody wants.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

from .index import build_index
from .records import Episode, SeerrRequest, Series
from .snapshot import Snapshot
from .timeline import RequestMemory, Timeline

REASON_JELLYSEERR: Final = "jellyseerr"
REASON_ACTIVITY: Final = "activity"
REASON_RECENTLY_ADDED: Final = "recently_added"
REASON_CARRIED_OVER: Final = "carried_over"


@dataclass(frozen=True, slots=True)
class Scope:
    """Why a series is tracked and which of its episodes count."""

    reasons: tuple[str, ...]
    seasons: tuple[int, ...]
    extra_episode_ids: tuple[int, ...]
    request_ids: tuple[int, ...]
    requested_by: str | None
    requested_seasons: tuple[int, ...] | None
    requested_at: datetime | None


def match_seerr(
    series: Mapping[int, Series], requests: Iterable[SeerrRequest]
) -> dict[int, list[SeerrRequest]]:
    """Jellyseerr requests grouped by the Sonarr series they are for."""
    by_tvdb: dict[int, int] = {}
    by_tmdb: dict[int, int] = {}
    for item in series.values():
        if item.tvdb_id is not None:
            by_tvdb.setdefault(item.tvdb_id, item.id)
        if item.tmdb_id is not None:
            by_tmdb.setdefault(item.tmdb_id, item.id)
    result: dict[int, list[SeerrRequest]] = {}
    for request in requests:
        if request.tvdb_id is not None and request.tvdb_id in by_tvdb:
            target: int | None = by_tvdb[request.tvdb_id]
        elif request.sonarr_id is not None and request.sonarr_id in series:
            target = request.sonarr_id
        elif request.tmdb_id is not None:
            target = by_tmdb.get(request.tmdb_id)
        else:
            target = None
        if target is not None:
            result.setdefault(target, []).append(request)
    return result


def carried(memory: RequestMemory | None, now: datetime, retention: timedelta) -> bool:
    """Whether the previous correlation's request is still kept without a current reason."""
    return memory is not None and now - memory.since <= retention


def is_live(request: SeerrRequest, now: datetime, retention: timedelta) -> bool:
    """Whether a Jellyseerr request is by itself a reason to track its series."""
    if not request.fulfilled:
        return True
    last = request.updated or request.created
    return last is None or now - last <= retention


def scope_for(
    series: Series,
    episodes: Mapping[int, Episode],
    *,
    seerr: Sequence[SeerrRequest],
    activity: Iterable[int],
    memory: RequestMemory | None,
    now: datetime,
    retention: timedelta,
) -> Scope | None:
    """The scope of a series' request, or None when nothing makes it a request."""
    active = [e for e in dict.fromkeys(activity) if e in episodes]
    reasons: list[str] = []
    seasons: set[int] = set()
    requested: tuple[int, ...] | None = None
    live = [r for r in seerr if is_live(r, now, retention)]
    if live:
        reasons.append(REASON_JELLYSEERR)
        if any(request.seasons is None for request in live):
            requested = tuple(sorted({e.season for e in episodes.values() if e.season > 0}))
        else:
            requested = tuple(sorted({n for r in live for n in r.seasons or ()}))
        seasons.update(requested)
    if active:
        reasons.append(REASON_ACTIVITY)
        if not live:
            seasons.update(episodes[e].season for e in active)
    if series.added is not None and now - series.added <= retention:
        reasons.append(REASON_RECENTLY_ADDED)
        if not live:
            seasons.update(
                series.monitored_seasons or {e.season for e in episodes.values() if e.season > 0}
            )
    extra = set(active)
    if memory is not None and carried(memory, now, retention):
        if not reasons:
            reasons.append(REASON_CARRIED_OVER)
        seasons.update(memory.seasons)
        extra.update(e for e in memory.episode_ids if e in episodes)
    if not reasons:
        return None
    latest = max(seerr, key=lambda r: (r.created is not None, r.created or now, r.id), default=None)
    return Scope(
        reasons=tuple(reasons),
        seasons=tuple(sorted(seasons)),
        extra_episode_ids=tuple(sorted(extra)),
        request_ids=tuple(sorted(r.id for r in seerr)),
        requested_by=latest.requested_by if latest is not None else None,
        requested_seasons=requested,
        requested_at=latest.created if latest is not None else None,
    )


def episodes_in_scope(episodes: Mapping[int, Episode], scope: Scope) -> list[Episode]:
    """The scope's episodes, by season and number (each once); active ones always count."""
    seasons = set(scope.seasons)
    extra = set(scope.extra_episode_ids)
    chosen = [
        e
        for e in episodes.values()
        if e.id in extra or (e.season in seasons and (e.monitored or e.has_file))
    ]
    # An int key (exact: every field is below 2**62) sorts without a tuple per episode.
    chosen.sort(key=lambda e: (e.season << 128) | (e.number << 64) | e.id)
    return chosen


def candidate_series(snapshot: Snapshot, timeline: Timeline | None) -> set[int]:
    """Series that may be requests, before any episode is known: whose episodes to fetch.

    The same reasons as ``scope_for`` (a live Jellyseerr request, queue or history activity, a
    recent addition, a request carried over), so the shell fetches exactly what the core may use:
    an old fulfilled request or a quiet old series costs no request.
    """
    index = build_index(snapshot)
    now, retention = snapshot.now, snapshot.retention
    wanted = set(index.queue) | set(index.history)
    wanted.update(
        series.id
        for series in index.series.values()
        if series.added is not None and now - series.added <= retention
    )
    for series_id, requests in match_seerr(index.series, index.seerr).items():
        if any(is_live(request, now, retention) for request in requests):
            wanted.add(series_id)
    if timeline is not None:
        wanted.update(
            series_id
            for series_id, memory in timeline.requests.items()
            if carried(memory, now, retention)
        )
    return wanted & set(index.series)
