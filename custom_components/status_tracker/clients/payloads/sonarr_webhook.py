"""Sonarr's webhook payloads (Connect → Webhook), parsed and validated; no Home Assistant here.

Shapes from Sonarr's ``src/NzbDrone.Core/Notifications/Webhook/`` (see API_NOTES §1): Newtonsoft
JSON, camelCase properties, ``null`` properties left out, ``eventType`` in PascalCase and every
other enum (``releaseType``, ``deleteReason``) in camelCase.

``Download`` arrives in two shapes under the same ``eventType``: one message per imported file
(``episodeFile``, ``isUpgrade``, ``deletedFiles``) and, from Sonarr 4.0.x on, one "import
complete" message per download (``episodeFiles``, ``sourcePath``, ``destinationPath``).

Validation is strict about what the tracker relies on (the series id, episode ids and numbers,
the types of the optional fields it reads) and lenient about everything else, so a newer
Sonarr adding fields keeps working. Anything else raises ``ValueError`` with a message fit for a
debug log; ``parse_sonarr_webhook`` never raises anything but ``ValueError``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Final, NamedTuple, TypedDict


class SonarrEventType(StrEnum):
    """Sonarr's ``WebhookEventType`` (serialised in PascalCase)."""

    TEST = "Test"
    GRAB = "Grab"
    DOWNLOAD = "Download"
    RENAME = "Rename"
    SERIES_ADD = "SeriesAdd"
    SERIES_DELETE = "SeriesDelete"
    EPISODE_FILE_DELETE = "EpisodeFileDelete"
    HEALTH = "Health"
    APPLICATION_UPDATE = "ApplicationUpdate"
    HEALTH_RESTORED = "HealthRestored"
    MANUAL_INTERACTION_REQUIRED = "ManualInteractionRequired"


# Events about Sonarr itself rather than a series: valid, but nothing for the tracker. Our
# notification does not subscribe to them; a user may still tick them on it in Sonarr.
INSTANCE_EVENTS: Final = frozenset(
    {
        SonarrEventType.HEALTH,
        SonarrEventType.HEALTH_RESTORED,
        SonarrEventType.APPLICATION_UPDATE,
    }
)

# Events whose payload lists the episodes concerned (``episodes[]`` is required there).
_EPISODE_EVENTS: Final = frozenset(
    {
        SonarrEventType.TEST,
        SonarrEventType.GRAB,
        SonarrEventType.DOWNLOAD,
        SonarrEventType.EPISODE_FILE_DELETE,
        SonarrEventType.MANUAL_INTERACTION_REQUIRED,
    }
)

# Sonarr's ``ReleaseType`` enum by number, for a payload that carries the number; Newtonsoft
# normally writes the camelCased name. 0 is ``unknown``.
_RELEASE_TYPE_NAMES: Final = {1: "singleEpisode", 2: "multiEpisode", 3: "seasonPack"}


class IgnoredSonarrEvent(ValueError):
    """A valid event that is not about a series (Health, ApplicationUpdate…): nothing to do."""

    def __init__(self, event_type: SonarrEventType) -> None:
        """Keep the event type for the caller's log line."""
        super().__init__(f"Sonarr {event_type} event is not about a series")
        self.event_type = event_type


class _EventDetails(TypedDict, total=False):
    """The event-type specific fields of ``SonarrWebhookEvent``."""

    is_upgrade: bool
    import_complete: bool
    episode_file_ids: tuple[int, ...]
    file_paths: tuple[str, ...]
    source_paths: tuple[str, ...]
    destination_path: str | None
    replaced_paths: tuple[str, ...]
    delete_reason: str | None
    deleted_files: bool


class SonarrWebhookEpisode(NamedTuple):
    """One episode named by a webhook (Sonarr's ``WebhookEpisode``)."""

    id: int
    season: int
    number: int
    title: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class SonarrWebhookEvent:
    """A validated Sonarr webhook about one series.

    ``download_id``: as Sonarr sends it (for qBittorrent the torrent hash upper-cased).
    ``release_type``: Sonarr's own classification in Sonarr's spelling (``seasonPack``,
    ``multiEpisode``, ``singleEpisode``: what ``tracking.packs.release_type`` and history records
    take) when the payload has one (imports; grabs of versions that send it), else None.
    ``episode_file_ids`` / ``file_paths`` / ``source_paths``: the imported files of a
    ``Download`` (both shapes), or the deleted file of an ``EpisodeFileDelete``.
    ``import_complete``: a ``Download`` in the "import complete" shape (one message for the
    whole download) rather than one message per file.
    ``replaced_paths``: files an upgrade replaced (``Download`` with ``isUpgrade``).
    ``deleted_files``: ``SeriesDelete`` removed the files from disk too.

    The coordinator reads the series, episodes, download and release today. The file fields,
    ``tvdb_id``, ``is_upgrade``, ``delete_reason`` and ``deleted_files`` are for the deletion
    work: following deletions made in Sonarr (an upgrade's delete is not the user's), telling
    Jellyfin and Shoko which paths to rescan, finding the series elsewhere once Sonarr forgot it.
    """

    event_type: SonarrEventType
    series_id: int
    series_title: str
    tvdb_id: int | None = None
    episodes: tuple[SonarrWebhookEpisode, ...] = ()
    download_id: str | None = None
    release_title: str | None = None
    release_type: str | None = None
    is_upgrade: bool = False
    import_complete: bool = False
    episode_file_ids: tuple[int, ...] = ()
    file_paths: tuple[str, ...] = ()
    source_paths: tuple[str, ...] = ()
    destination_path: str | None = None
    replaced_paths: tuple[str, ...] = ()
    delete_reason: str | None = None
    deleted_files: bool = False

    @property
    def episode_ids(self) -> tuple[int, ...]:
        """Sonarr ids of the episodes concerned, in payload order."""
        return tuple(episode.id for episode in self.episodes)


def parse_sonarr_webhook(payload: object) -> SonarrWebhookEvent:
    """Validate a decoded webhook body and return the event.

    Raises ``IgnoredSonarrEvent`` (a ``ValueError``) for valid events that are not about a
    series, and ``ValueError`` for anything malformed or unknown.
    """
    body = _mapping(payload, "payload")
    raw_type = body.get("eventType")
    if not isinstance(raw_type, str):
        raise ValueError("payload: 'eventType' is missing or not a string")
    try:
        event_type = SonarrEventType(raw_type)
    except ValueError:
        raise ValueError(f"payload: unknown eventType {raw_type[:40]!r}") from None
    if event_type in INSTANCE_EVENTS:
        raise IgnoredSonarrEvent(event_type)

    series = _mapping(body.get("series"), "series")
    episodes: tuple[SonarrWebhookEpisode, ...] = ()
    if event_type in _EPISODE_EVENTS:
        episodes = tuple(
            _episode(item, f"episodes[{index}]")
            for index, item in enumerate(_list(body.get("episodes"), "episodes"))
        )
    release = _optional_mapping(body.get("release"), "release")
    details: _EventDetails = {}
    match event_type:
        case SonarrEventType.DOWNLOAD:
            details = _download_details(body)
        case SonarrEventType.EPISODE_FILE_DELETE:
            file = _mapping(body.get("episodeFile"), "episodeFile")
            details = {
                "episode_file_ids": _ids((file,), "episodeFile"),
                "file_paths": _paths((file,), "path", "episodeFile"),
                "delete_reason": _optional_str(body, "deleteReason", "payload"),
            }
        case SonarrEventType.SERIES_DELETE:
            details = {"deleted_files": _optional_bool(body, "deletedFiles", "payload")}
        case _:
            pass
    return SonarrWebhookEvent(
        event_type=event_type,
        series_id=_required_id(series, "id", "series"),
        series_title=_required_str(series, "title", "series"),
        tvdb_id=_optional_id(series, "tvdbId", "series"),
        episodes=episodes,
        download_id=_optional_str(body, "downloadId", "payload"),
        release_title=_optional_str(release, "releaseTitle", "release"),
        release_type=_release_type(release),
        **details,
    )


def _download_details(body: Mapping[str, object]) -> _EventDetails:
    """The file part of a ``Download``, in either of its two shapes."""
    has_single, has_many = "episodeFile" in body, "episodeFiles" in body
    if has_single == has_many:
        raise ValueError("Download: expected exactly one of 'episodeFile' and 'episodeFiles'")
    if has_many:
        files = tuple(
            _mapping(item, f"episodeFiles[{index}]")
            for index, item in enumerate(_list(body["episodeFiles"], "episodeFiles"))
        )
        source = _optional_str(body, "sourcePath", "payload")
        # Import complete: each file may carry its own sourcePath; the download's own
        # sourcePath (the folder or file Sonarr imported from) is the fallback.
        sources = _paths(files, "sourcePath", "episodeFiles") or ((source,) if source else ())
        return {
            "import_complete": True,
            "episode_file_ids": _ids(files, "episodeFiles"),
            "file_paths": _paths(files, "path", "episodeFiles"),
            "source_paths": sources,
            "destination_path": _optional_str(body, "destinationPath", "payload"),
        }
    file = _mapping(body["episodeFile"], "episodeFile")
    replaced = tuple(
        _mapping(item, f"deletedFiles[{index}]")
        for index, item in enumerate(_optional_list(body.get("deletedFiles"), "deletedFiles"))
    )
    return {
        "is_upgrade": _optional_bool(body, "isUpgrade", "payload"),
        "episode_file_ids": _ids((file,), "episodeFile"),
        "file_paths": _paths((file,), "path", "episodeFile"),
        "source_paths": _paths((file,), "sourcePath", "episodeFile"),
        "replaced_paths": _paths(replaced, "path", "deletedFiles"),
    }


def _episode(value: object, where: str) -> SonarrWebhookEpisode:
    item = _mapping(value, where)
    return SonarrWebhookEpisode(
        id=_required_id(item, "id", where),
        season=_required_int(item, "seasonNumber", where),
        number=_required_int(item, "episodeNumber", where),
        title=_optional_str(item, "title", where),
    )


def _release_type(release: Mapping[str, object]) -> str | None:
    """Sonarr's classification of the release; ``unknown`` gives None."""
    value = release.get("releaseType")
    if value is None:
        return None
    if isinstance(value, str):
        return None if value.lower() in {"", "unknown"} else value
    if isinstance(value, int) and not isinstance(value, bool):
        return _RELEASE_TYPE_NAMES.get(value)
    raise ValueError(f"release: 'releaseType' must be a string, got {_kind(value)}")


def _ids(files: tuple[Mapping[str, object], ...], where: str) -> tuple[int, ...]:
    """Ids of episode files; a file without one (0 or missing) is skipped."""
    return tuple(
        file_id for file in files if (file_id := _optional_id(file, "id", where)) is not None
    )


def _paths(files: tuple[Mapping[str, object], ...], key: str, where: str) -> tuple[str, ...]:
    return tuple(path for file in files if (path := _optional_str(file, key, where)))


# -- primitive checks: each names where the problem is ------------------------------------------


def _mapping(value: object, where: str) -> Mapping[str, object]:
    if not isinstance(value, Mapping):
        raise ValueError(f"{where}: expected a JSON object, got {_kind(value)}")
    return value


def _optional_mapping(value: object, where: str) -> Mapping[str, object]:
    return {} if value is None else _mapping(value, where)


def _list(value: object, where: str) -> list[object]:
    if not isinstance(value, list):
        raise ValueError(f"{where}: expected a JSON array, got {_kind(value)}")
    return value


def _optional_list(value: object, where: str) -> list[object]:
    return [] if value is None else _list(value, where)


def _required_int(record: Mapping[str, object], key: str, where: str) -> int:
    value = record.get(key)
    # bool is an int subclass; JSON true is not a number.
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{where}: '{key}' must be an integer, got {_kind(value)}")
    return value


def _required_id(record: Mapping[str, object], key: str, where: str) -> int:
    value = _required_int(record, key, where)
    if value <= 0:
        raise ValueError(f"{where}: '{key}' must be a positive id, got {value}")
    return value


def _optional_id(record: Mapping[str, object], key: str, where: str) -> int | None:
    """A positive id, or None when missing, null or 0 (Sonarr's "none" for tvdbId and ids)."""
    if record.get(key) is None:
        return None
    value = _required_int(record, key, where)
    return value if value > 0 else None


def _required_str(record: Mapping[str, object], key: str, where: str) -> str:
    value = record.get(key)
    if not isinstance(value, str):
        raise ValueError(f"{where}: '{key}' must be a string, got {_kind(value)}")
    return value


def _optional_str(record: Mapping[str, object], key: str, where: str) -> str | None:
    """A string, or None when missing or null; an empty string counts as missing."""
    if record.get(key) is None:
        return None
    return _required_str(record, key, where) or None


def _optional_bool(record: Mapping[str, object], key: str, where: str) -> bool:
    value = record.get(key)
    if value is None:
        return False
    if not isinstance(value, bool):
        raise ValueError(f"{where}: '{key}' must be a boolean, got {_kind(value)}")
    return value


def _kind(value: object) -> str:
    """JSON's name for a value's type, for error messages (never the value: it may be huge)."""
    match value:
        case None:
            return "null"
        case bool():
            return "boolean"
        case int() | float():
            return "number"
        case str():
            return "string"
        case list():
            return "array"
        case Mapping():
            return "object"
        case _:
            return type(value).__name__
