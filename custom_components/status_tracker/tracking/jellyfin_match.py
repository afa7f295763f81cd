"""Which Sonarr episodes Jellyfin has: series matched by provider ids, episodes by numbering.

* Series: Jellyfin 10.x has no provider-id filter, so the match is local: Sonarr's TVDB id, then
  TMDB, then IMDb against ``ProviderIds`` (keys and values compared case-insensitively). Several
  Jellyfin series may share an id (Shoko splits one TVDB show into one series per AniDB entry):
  all of them count, the first listed is the series' Jellyfin id.
* Episodes: an episode is in Jellyfin when a non-Virtual Jellyfin episode covers it, from
  ``IndexNumber`` to ``IndexNumberEnd`` (multi-episode files) in season ``ParentIndexNumber``.
* Anime: Jellyfin's numbering may not be Sonarr's (Shoko numbers each AniDB entry from 1), so the
  file name in ``Path`` decides first (absolute number through ``absoluteEpisodeNumber``, or
  SxxEyy); Jellyfin's own numbers are used only when the path says nothing and only one Jellyfin
  series matched (with a split, season 1 episode 1 of the second part is not Sonarr's S01E01).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from custom_components.status_tracker.clients.payloads.jellyfin import LOCATION_VIRTUAL

from . import coerce
from .index import SnapshotIndex, build_index
from .model import TrackingState
from .numbering import Numbering, number_key
from .parsing import MemoParser, default_parser
from .records import Series
from .snapshot import Snapshot

# Cap on IndexNumberEnd - IndexNumber: a real multi-episode file spans a handful of episodes.
MAX_SPAN: Final = 50

_PROVIDERS: Final = ("tvdb", "tmdb", "imdb")


@dataclass(frozen=True, slots=True)
class JellyfinView:
    """What Jellyfin has of one Sonarr series."""

    series_ids: tuple[str, ...]
    episodes: Mapping[int, str]  # Sonarr episode id -> the Jellyfin episode id covering it

    @property
    def series_id(self) -> str | None:
        """The Jellyfin id of the series (the first match)."""
        return self.series_ids[0] if self.series_ids else None


NOT_IN_JELLYFIN: Final = JellyfinView(series_ids=(), episodes={})


def _provider_value(value: object) -> str | None:
    if isinstance(value, str):
        value = value.strip().lower()
        return value or None
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return None


class JellyfinMatcher:
    """Matches Sonarr series to Jellyfin; the provider index is built once per correlation."""

    __slots__ = ("_index", "_parse", "_providers")

    def __init__(self, index: SnapshotIndex, parse: MemoParser) -> None:
        """Index the Jellyfin series by provider id."""
        self._index = index
        self._parse = parse
        self._providers: dict[tuple[str, str], list[str]] = {}
        for record in index.jellyfin_series:
            series_id = coerce.get_str(record, "Id")
            ids = coerce.mapping(record.get("ProviderIds"))
            if series_id is None or ids is None:
                continue
            for key, value in ids.items():
                provider = key.lower() if isinstance(key, str) else None
                text = _provider_value(value)
                if provider in _PROVIDERS and text is not None:
                    bucket = self._providers.setdefault((provider, text), [])
                    if series_id not in bucket:
                        bucket.append(series_id)

    def series_ids(self, series: Series) -> tuple[str, ...]:
        """Jellyfin series of a Sonarr series: by TVDB, else TMDB, else IMDb id."""
        for provider, value in (
            ("tvdb", series.tvdb_id),
            ("tmdb", series.tmdb_id),
            ("imdb", series.imdb_id),
        ):
            text = _provider_value(value)
            if text is not None:
                found = self._providers.get((provider, text))
                if found:
                    return tuple(found)
        return ()

    def view(self, series: Series, numbering: Numbering) -> JellyfinView:
        """The Sonarr episodes of ``series`` that a non-virtual Jellyfin episode covers."""
        series_ids = self.series_ids(series)
        if not series_ids:
            return NOT_IN_JELLYFIN
        covered: dict[int, str] = {}
        trust_numbers = not series.anime or len(series_ids) == 1
        fast = trust_numbers and not series.anime
        by_number = numbering.by_number
        for jellyfin_series in series_ids:
            for record in self._index.raw_jellyfin_episodes.get(jellyfin_series, ()):
                if type(record) is dict:
                    # Fast path (most items of a library): Virtual ones are skipped at once,
                    # plain one-episode items of a standard series are looked up directly.
                    location = record.get("LocationType")
                    if location == LOCATION_VIRTUAL:
                        continue
                    item_id = record.get("Id")
                    season = record.get("ParentIndexNumber")
                    start = record.get("IndexNumber")
                    if (
                        fast
                        and type(item_id) is str
                        and item_id
                        and type(location) is str
                        and type(season) is int
                        and type(start) is int
                        and record.get("IndexNumberEnd") is None
                        and record.get("Type", "Episode") == "Episode"
                    ):
                        episode_id = by_number.get(number_key(season, start))
                        if episode_id is not None:
                            covered.setdefault(episode_id, item_id)
                            continue
                text = coerce.get_str(record, "Id")
                if text is None or not _present(record):
                    continue
                for episode_id in self._covers(record, series, numbering, trust_numbers):
                    covered.setdefault(episode_id, text)
        return JellyfinView(series_ids=series_ids, episodes=covered)

    def _covers(
        self,
        record: Mapping[str, object],
        series: Series,
        numbering: Numbering,
        trust_numbers: bool,
    ) -> tuple[int, ...]:
        path = coerce.get_str(record, "Path")
        if path is not None and series.anime:
            from_path = self._from_path(path, series, numbering)
            if from_path:
                return from_path
        season = coerce.get_int(record, "ParentIndexNumber")
        start = coerce.get_int(record, "IndexNumber")
        if trust_numbers and season is not None and start is not None:
            end = coerce.get_int(record, "IndexNumberEnd")
            if end is None or end < start:
                end = start
            found = numbering.in_season(season, range(start, min(end, start + MAX_SPAN) + 1))
            if found:
                return tuple(found)
        if path is not None and not series.anime:
            # Standard series whose Jellyfin numbers are missing or unknown to Sonarr.
            return self._from_path(path, series, numbering)
        return ()

    def _from_path(self, path: str, series: Series, numbering: Numbering) -> tuple[int, ...]:
        name = path.replace("\\", "/").rsplit("/", 1)[-1]
        info = self._parse(name, series.anime)
        return numbering.ids_for(info, anime=series.anime)


def _present(record: Mapping[str, object]) -> bool:
    """Whether a Jellyfin item is a real episode file (not Virtual: metadata only)."""
    kind = coerce.get_str(record, "Type")
    if kind is not None and kind != "Episode":
        return False
    location = coerce.get_str(record, "LocationType")
    if location is None:
        # No location type at all: trust it only with a file path.
        return coerce.get_str(record, "Path") is not None
    return location != LOCATION_VIRTUAL


def matched_series(snapshot: Snapshot) -> dict[int, tuple[str, ...]]:
    """Jellyfin series ids per Sonarr series id, by provider ids only (no episodes needed).

    The shell uses it to decide whose Jellyfin episodes to fetch, with the correlator's own rules.
    """
    index = build_index(snapshot)
    matcher = JellyfinMatcher(index, MemoParser(default_parser()))
    result: dict[int, tuple[str, ...]] = {}
    for series_id, series in index.series.items():
        found = matcher.series_ids(series)
        if found:
            result[series_id] = found
    return result


def remembered_jellyfin_ids(remembered: Mapping[int, str], state: TrackingState) -> dict[int, str]:
    """The Jellyfin series of each tracked request: this run's match, else the last one known.

    Kept across restarts by the shell, so a request's Jellyfin series is known even while
    Jellyfin is unreachable; a request that is gone takes its id with it.
    """
    ids = {k: v for k, v in remembered.items() if k in state.requests}
    for series_id, request in state.requests.items():
        if request.jellyfin_id is not None:
            ids[series_id] = request.jellyfin_id
    return ids
