"""The snapshot read once into typed records, indexed by id and hash.

Every raw record goes through ``coerce`` and becomes a small typed record, or is skipped (with a
problem noted) when the fields it cannot do without are missing. Records are grouped by Sonarr
series id so the rest of the core works one series at a time: damage in one series' records
cannot reach another series.

Episodes and Jellyfin episodes are only grouped here (one cheap pass reading one field); they are
read in full later, only for series that are tracked.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC
from typing import Final

from custom_components.status_tracker.clients.payloads.jellyseerr import (
    MEDIA_AVAILABLE,
    REQUEST_COMPLETED,
    REQUEST_DECLINED,
)
from custom_components.status_tracker.clients.payloads.qbittorrent import (
    ETA_UNKNOWN,
    normalize_state,
)

from . import coerce
from .pushed import PushedGrab, pending
from .records import (
    EVENT_FAILED,
    EVENT_GRABBED,
    EVENT_IGNORED,
    EVENT_IMPORTED,
    Episode,
    HistoryEvent,
    QueueItem,
    SearchCommand,
    SeerrRequest,
    Series,
    Torrent,
)
from .snapshot import Snapshot

_HISTORY_EVENTS: Final = frozenset({EVENT_GRABBED, EVENT_IMPORTED, EVENT_FAILED, EVENT_IGNORED})

# Sonarr commands that mean "Sonarr is searching" and their states that mean "not over yet".
_SEARCH_COMMANDS: Final = frozenset(
    {"episodesearch", "seasonsearch", "seriessearch", "missingepisodesearch"}
)
_ACTIVE_COMMAND_STATES: Final = frozenset({"queued", "started"})

MAX_PROBLEMS: Final = 200


@dataclass(slots=True)
class SnapshotIndex:
    """The snapshot's records, typed and grouped; built by ``build_index``."""

    snapshot: Snapshot
    series: dict[int, Series] = field(default_factory=dict)
    raw_episodes: dict[int, list[Mapping[str, object]]] = field(default_factory=dict)
    queue: dict[int, list[QueueItem]] = field(default_factory=dict)
    history: dict[int, list[HistoryEvent]] = field(default_factory=dict)
    raw_torrents: dict[str, Mapping[str, object]] = field(default_factory=dict)
    files: dict[str, list[Mapping[str, object]]] = field(default_factory=dict)
    searches: list[SearchCommand] = field(default_factory=list)
    seerr: list[SeerrRequest] = field(default_factory=list)
    jellyfin_known: bool = False
    jellyfin_series: list[Mapping[str, object]] = field(default_factory=list)
    raw_jellyfin_episodes: dict[str, list[Mapping[str, object]]] = field(default_factory=dict)
    referenced_hashes: set[str] = field(default_factory=set)
    pushed: list[PushedGrab] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def torrent(self, torrent_hash: str) -> Torrent | None:
        """The torrent with this (lower-case) hash, read when a download asks for it.

        Most of a client's torrents are old seeds nothing points to: they are never read.
        """
        raw = self.raw_torrents.get(torrent_hash)
        return read_torrent(torrent_hash, raw) if raw is not None else None

    def untracked_torrents(self) -> list[str]:
        """Unfinished torrents no Sonarr queue record or history event points to, sorted."""
        found = []
        for torrent_hash, raw in self.raw_torrents.items():
            if torrent_hash not in self.referenced_hashes:
                progress = coerce.get_float(raw, "progress")
                if progress is None or progress < 1:
                    found.append(torrent_hash)
        return sorted(found)

    def problem(self, text: str) -> None:
        """Note a degraded record (bounded: a wholly broken payload must not flood the log)."""
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(text)


def upper_hash(value: str | None) -> str | None:
    """Sonarr's downloadId form of a hash (upper-case, trimmed), or None."""
    if value is None:
        return None
    value = value.strip()
    return value.upper() if value else None


def build_index(snapshot: Snapshot) -> SnapshotIndex:
    """Read every part of the snapshot; each bad record is skipped on its own."""
    now = snapshot.now
    if now.tzinfo is None:
        # Every payload time is aware (UTC); a naive "now" is taken as UTC, not compared.
        snapshot = replace(snapshot, now=now.replace(tzinfo=UTC))
    index = SnapshotIndex(snapshot=snapshot)
    _read_series(index, snapshot.sonarr_series)
    _group_episodes(index, snapshot.sonarr_episodes)
    _read_queue(index, snapshot.sonarr_queue)
    _read_history(index, snapshot.sonarr_history)
    _read_pushed(index, snapshot.pushed_grabs)
    _read_commands(index, snapshot.sonarr_commands)
    _read_torrents(index, snapshot.torrents)
    _read_files(index, snapshot.torrent_files)
    _read_jellyfin(index, snapshot.jellyfin_series, snapshot.jellyfin_episodes)
    _read_seerr(index, snapshot.jellyseerr_requests)
    return index


def _read_series(index: SnapshotIndex, raw: object) -> None:
    for record in coerce.records(raw):
        series_id = coerce.get_id(record, "id")
        if series_id is None:
            index.problem("Sonarr series without an id skipped")
            continue
        if series_id in index.series:
            index.problem(f"Sonarr series {series_id} listed twice; first kept")
            continue
        series_type = (coerce.get_str(record, "seriesType") or "standard").lower()
        monitored = []
        for season in coerce.records(record.get("seasons")):
            number = coerce.get_int(season, "seasonNumber")
            if number is not None and number > 0 and coerce.get_bool(season, "monitored"):
                monitored.append(number)
        index.series[series_id] = Series(
            id=series_id,
            title=coerce.get_str(record, "title") or f"Series {series_id}",
            anime=series_type == "anime",
            series_type=series_type,
            tvdb_id=coerce.get_id(record, "tvdbId"),
            tmdb_id=coerce.get_id(record, "tmdbId"),
            imdb_id=coerce.get_str(record, "imdbId"),
            added=coerce.get_time(record, "added"),
            monitored_seasons=tuple(sorted(set(monitored))),
        )


def _group_episodes(index: SnapshotIndex, raw: object) -> None:
    # One pass reading one field: episodes are read in full only for tracked series.
    groups = index.raw_episodes
    for record in coerce.records(raw):
        series_id = record.get("seriesId")
        if type(series_id) is not int or series_id <= 0:
            series_id = coerce.get_id(record, "seriesId")  # the slow path, same meaning
        if series_id is None:
            index.problem("Sonarr episode without a series id skipped")
            continue
        group = groups.get(series_id)
        if group is None:
            groups[series_id] = [record]
        else:
            group.append(record)


def read_episode(record: Mapping[str, object], series_id: int) -> Episode | None:
    """Read one Sonarr episode of ``series_id``; None when its id or numbers are unusable."""
    if type(record) is dict:
        # Fast path for well-formed JSON (exact types); anything unusual takes the slow path,
        # which has the same meaning field by field.
        get = record.get
        episode_id, season, number = get("id"), get("seasonNumber"), get("episodeNumber")
        absolute, title, air = get("absoluteEpisodeNumber"), get("title"), get("airDateUtc")
        has_file, monitored = get("hasFile"), get("monitored")
        if (
            type(episode_id) is int
            and type(season) is int
            and type(number) is int
            and 0 < episode_id <= coerce.MAX_INT
            and 0 <= season <= coerce.MAX_INT
            and 0 <= number <= coerce.MAX_INT
            and (absolute is None or (type(absolute) is int and 0 < absolute <= coerce.MAX_INT))
            and "sceneAbsoluteEpisodeNumber" not in record
            and (title is None or type(title) is str)
            and type(air) is str
            and type(has_file) is bool
            and type(monitored) is bool
        ):
            return Episode(
                episode_id,
                series_id,
                season,
                number,
                absolute,
                None,
                title or None,
                coerce.parse_time(air),
                has_file,
                monitored,
            )
    episode_id = coerce.get_id(record, "id")
    season = coerce.get_int(record, "seasonNumber")
    number = coerce.get_int(record, "episodeNumber")
    if episode_id is None or season is None or number is None or season < 0 or number < 0:
        return None
    return Episode(
        id=episode_id,
        series_id=series_id,
        season=season,
        number=number,
        absolute=coerce.get_id(record, "absoluteEpisodeNumber"),
        scene_absolute=coerce.get_id(record, "sceneAbsoluteEpisodeNumber"),
        title=coerce.get_str(record, "title"),
        air_date=coerce.get_time(record, "airDateUtc"),
        has_file=coerce.get_bool(record, "hasFile") is True,
        # A missing flag reads as monitored: Sonarr's default, and the safer side for a request.
        monitored=coerce.get_bool(record, "monitored") is not False,
    )


def _messages(record: Mapping[str, object]) -> tuple[str, ...]:
    """Sonarr's statusMessages flattened to "title: message" lines, without repeats."""
    lines: list[str] = []
    for group in coerce.records(record.get("statusMessages")):
        title = coerce.get_str(group, "title")
        texts = coerce.get_str_list(group, "messages")
        if not texts and title:
            lines.append(title)
        for text in texts:
            lines.append(f"{title}: {text}" if title and title != text else text)
    return tuple(dict.fromkeys(lines))


def _read_queue(index: SnapshotIndex, raw: object) -> None:
    for record in coerce.records(raw):
        series_id = coerce.get_id(record, "seriesId")
        if series_id is None:
            # includeUnknownSeriesItems: downloads Sonarr could not match; not a request's.
            continue
        download_id = upper_hash(coerce.get_str(record, "downloadId"))
        if download_id is not None:
            index.referenced_hashes.add(download_id.lower())
        item = QueueItem(
            record_id=coerce.get_int(record, "id"),
            series_id=series_id,
            episode_id=coerce.get_id(record, "episodeId"),
            download_id=download_id,
            title=coerce.get_str(record, "title"),
            size=coerce.get_size(record, "size"),
            size_left=coerce.get_size(record, "sizeleft"),
            status=coerce.get_str(record, "status"),
            tracked_state=coerce.get_str(record, "trackedDownloadState"),
            tracked_status=coerce.get_str(record, "trackedDownloadStatus"),
            messages=_messages(record),
            error=coerce.get_str(record, "errorMessage"),
            estimated_completion=coerce.get_time(record, "estimatedCompletionTime"),
            client=coerce.get_str(record, "downloadClient"),
            protocol=coerce.get_str(record, "protocol"),
            episode_has_file=coerce.get_bool(record, "episodeHasFile") is True,
        )
        index.queue.setdefault(series_id, []).append(item)


def _read_history(index: SnapshotIndex, raw: object) -> None:
    for record in coerce.records(raw):
        event = coerce.get_str(record, "eventType")
        series_id = coerce.get_id(record, "seriesId")
        episode_id = coerce.get_id(record, "episodeId")
        if event not in _HISTORY_EVENTS or series_id is None or episode_id is None:
            continue
        data = coerce.mapping(record.get("data"))
        download_id = upper_hash(coerce.get_str(record, "downloadId"))
        if download_id is not None:
            index.referenced_hashes.add(download_id.lower())
        index.history.setdefault(series_id, []).append(
            HistoryEvent(
                series_id=series_id,
                episode_id=episode_id,
                download_id=download_id,
                event=event,
                source_title=coerce.get_str(record, "sourceTitle"),
                date=coerce.get_time(record, "date"),
                release_type=coerce.get_str(data, "releaseType"),
                message=coerce.get_str(data, "message"),
            )
        )


def _read_pushed(index: SnapshotIndex, pushed: Sequence[PushedGrab]) -> None:
    """Pushed grabs Sonarr's history does not have yet count as its grabs (rules in ``pushed``)."""
    if not pushed:
        return
    confirmed = frozenset(
        event.download_id
        for events in index.history.values()
        for event in events
        if event.event == EVENT_GRABBED and event.download_id is not None
    )
    for grab in pending(pushed, confirmed, index.snapshot.now):
        series_id = grab.series_id
        if series_id not in index.series:
            continue  # Sonarr does not list it: nothing a webhook says about it counts
        known = {record.get("id") for record in index.raw_episodes.get(series_id, ())}
        episode_ids = [e for e in grab.episode_ids if not known or e in known]
        if not episode_ids:
            continue
        index.pushed.append(grab)
        index.referenced_hashes.add(grab.download_id.lower())
        events = index.history.setdefault(series_id, [])
        events.extend(
            HistoryEvent(
                series_id=series_id,
                episode_id=episode_id,
                download_id=grab.download_id,
                event=EVENT_GRABBED,
                source_title=grab.release_title,
                date=grab.received,
                release_type=grab.release_type,
                message=None,
            )
            for episode_id in episode_ids
        )


def _read_commands(index: SnapshotIndex, raw: object) -> None:
    for record in coerce.records(raw):
        name = coerce.get_str(record, "name") or coerce.get_str(record, "commandName") or ""
        status = (coerce.get_str(record, "status") or "").lower()
        if name.replace(" ", "").lower() not in _SEARCH_COMMANDS:
            continue
        if status not in _ACTIVE_COMMAND_STATES:
            continue
        body = coerce.mapping(record.get("body"))
        index.searches.append(
            SearchCommand(
                series_id=coerce.get_id(body, "seriesId"),
                season=coerce.get_int(body, "seasonNumber"),
                episode_ids=frozenset(coerce.get_int_list(body, "episodeIds")),
            )
        )


def read_torrent(torrent_hash: str, record: Mapping[str, object]) -> Torrent:
    """One qBittorrent torrent, every field optional."""
    eta = coerce.get_int(record, "eta")
    state = coerce.get_str(record, "state")
    progress = coerce.get_float(record, "progress")
    return Torrent(
        hash=torrent_hash,
        name=coerce.get_str(record, "name"),
        state=normalize_state(state) if state is not None else None,
        progress=coerce.clamp_unit(progress) if progress is not None else 0.0,
        size=coerce.get_size(record, "size"),
        amount_left=coerce.get_size(record, "amount_left"),
        dlspeed=coerce.get_size(record, "dlspeed"),
        # 8640000 is qBittorrent's "infinite", not 100 days; negative values are garbage.
        eta_seconds=eta if eta is not None and 0 <= eta < ETA_UNKNOWN else None,
        has_metadata=coerce.get_bool(record, "has_metadata") is not False,
        seeds=coerce.get_int(record, "num_seeds"),
    )


def _read_torrents(index: SnapshotIndex, raw: object) -> None:
    """Index the torrents by lower-case hash (read in full only when a download needs one)."""
    found = index.raw_torrents
    if type(raw) is dict or isinstance(raw, Mapping):
        for key, value in raw.items():
            if type(key) is str and (type(value) is dict or isinstance(value, Mapping)):
                torrent_hash = key.strip().lower()
                if torrent_hash and torrent_hash not in found:
                    found[torrent_hash] = value
        return
    for record in coerce.records(raw):
        text = coerce.get_str(record, "hash")
        torrent_hash = text.strip().lower() if text is not None else ""
        if not torrent_hash:
            index.problem("qBittorrent torrent without a hash skipped")
        elif torrent_hash not in found:
            found[torrent_hash] = record


def _read_files(index: SnapshotIndex, raw: object) -> None:
    if not isinstance(raw, Mapping):
        return
    for key, value in raw.items():
        if isinstance(key, str):
            index.files[key.strip().lower()] = coerce.records(value)


def _read_jellyfin(index: SnapshotIndex, series: object, episodes: object) -> None:
    if series is None and episodes is None:
        return  # Jellyfin unreachable: availability falls back to Sonarr's hasFile
    index.jellyfin_known = True
    index.jellyfin_series = coerce.records(series)
    groups = index.raw_jellyfin_episodes
    for record in coerce.records(episodes):
        series_id = record.get("SeriesId")
        if type(series_id) is not str or not series_id:
            series_id = coerce.get_str(record, "SeriesId")
        if series_id is None:
            continue
        group = groups.get(series_id)
        if group is None:
            groups[series_id] = [record]
        else:
            group.append(record)


def _requester(record: Mapping[str, object]) -> str | None:
    user = coerce.mapping(record.get("requestedBy"))
    for key in ("displayName", "username", "jellyfinUsername", "email"):
        name = coerce.get_str(user, key)
        if name:
            return name
    return None


def _read_seerr(index: SnapshotIndex, raw: object) -> None:
    for record in coerce.records(raw):
        request_id = coerce.get_id(record, "id")
        if request_id is None or coerce.get_int(record, "status") == REQUEST_DECLINED:
            continue
        kind = coerce.get_str(record, "type")
        media = coerce.mapping(record.get("media"))
        if kind not in {None, "tv"} or coerce.get_str(media, "mediaType") == "movie":
            continue
        numbers = {
            coerce.get_int(season, "seasonNumber")
            for season in coerce.records(record.get("seasons"))
        }
        # No (readable) season listed: the request is for the whole show.
        seasons = tuple(sorted(n for n in numbers if n is not None and n >= 0)) or None
        fulfilled = (
            coerce.get_int(record, "status") == REQUEST_COMPLETED
            or coerce.get_int(media, "status") == MEDIA_AVAILABLE
        )
        index.seerr.append(
            SeerrRequest(
                id=request_id,
                fulfilled=fulfilled,
                updated=coerce.get_time(record, "updatedAt"),
                created=coerce.get_time(record, "createdAt"),
                seasons=seasons,
                requested_by=_requester(record),
                tvdb_id=coerce.get_id(media, "tvdbId"),
                tmdb_id=coerce.get_id(media, "tmdbId"),
                sonarr_id=coerce.get_id(media, "externalServiceId"),
            )
        )
