"""What deletion works with: the request, what was found where, the plan, outcomes, verification.

Plain data. ``Inventory`` is what every service said about one series (built by ``inventory``),
``Plan`` what a deletion would do (``plan``), ``Verification`` what was found afterwards
(``verify``). The shell reads, executes and stores; nothing here does I/O.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Place(StrEnum):
    """The services a deletion reaches, in the order it reaches them."""

    SONARR = "sonarr"
    QBITTORRENT = "qbittorrent"
    JELLYFIN = "jellyfin"
    JELLYSEERR = "jellyseerr"
    SHOKO = "shoko"


class Action(StrEnum):
    """What a step does (the service is the step's ``place``)."""

    UNMONITOR = "unmonitor"
    REMOVE_TORRENT = "remove_torrent"
    SKIP_FILES = "skip_files"  # file priority 0: the torrent goes on for the other episodes
    DELETE_EPISODE_FILES = "delete_episode_files"
    DELETE_SERIES = "delete_series"
    SYNC_LIBRARY = "sync_library"  # Jellyfin: forget deleted paths, or delete what stays
    DELETE_LIBRARY_SERIES = "delete_library_series"
    SET_MEDIA_STATUS = "set_media_status"
    DELETE_REQUESTS = "delete_requests"
    DELETE_MEDIA = "delete_media"
    FORGET_FILES = "forget_files"  # Shoko: drop the records, never the files on disk
    RESCAN = "rescan"


@dataclass(frozen=True, slots=True, kw_only=True)
class DeletionRequest:
    """What the user asked for: a whole series (``cascade``) or a selection of its episodes.

    ``episodes``: codes as the user wrote them (``S01E03``, ``S01E05-E07``); ``seasons``:
    whole seasons; ``absolute``: anime absolute numbers.
    """

    series_id: int
    episodes: tuple[str, ...] = ()
    seasons: tuple[int, ...] = ()
    absolute: tuple[int, ...] = ()
    cascade: bool = False
    unmonitor: bool = True
    delete_files: bool = True
    import_list_exclusion: bool = False
    force: bool = False

    def as_json(self) -> dict[str, Any]:
        """JSON-safe, stable field order (it is part of the plan's fingerprint)."""
        return {
            "series_id": self.series_id,
            "episodes": list(self.episodes),
            "seasons": list(self.seasons),
            "absolute": list(self.absolute),
            "cascade": self.cascade,
            "unmonitor": self.unmonitor,
            "delete_files": self.delete_files,
            "import_list_exclusion": self.import_list_exclusion,
            "force": self.force,
        }


# -- the inventory ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Episode:
    """A Sonarr episode of the series, with its file if it has one."""

    id: int
    season: int
    number: int
    absolute: int | None
    monitored: bool
    file_id: int | None
    path: str | None

    @property
    def code(self) -> str:
        """``S01E03``."""
        return f"S{self.season:02d}E{self.number:02d}"


@dataclass(frozen=True, slots=True)
class TorrentFile:
    """One file of a torrent and the episodes of the series it holds (none: an extra)."""

    index: int
    name: str
    priority: int
    progress: float
    episode_ids: frozenset[int]


@dataclass(frozen=True, slots=True)
class Torrent:
    """A torrent Sonarr grabbed for this series (its queue or history names it)."""

    hash: str
    name: str
    progress: float
    episode_ids: frozenset[int]
    files: tuple[TorrentFile, ...]

    @property
    def finished(self) -> bool:
        """Every wanted byte is there: its data is what the library was imported from."""
        return self.progress >= 1


@dataclass(frozen=True, slots=True)
class LibraryItem:
    """A Jellyfin episode item that has a file (a Virtual one is nothing to delete)."""

    id: str
    episode_ids: frozenset[int]
    path: str | None


@dataclass(frozen=True, slots=True)
class ShokoFile:
    """A file Shoko indexes for the series, and the Sonarr episodes it is."""

    id: int
    path: str
    episode_ids: frozenset[int]


@dataclass(frozen=True, slots=True)
class SeerrMedia:
    """Jellyseerr's record of the series: its status and seasons, and the requests for it."""

    media_id: int
    status: int
    season_status: Mapping[int, int]
    request_ids: tuple[int, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Inventory:
    """Everything every service said about one series at one moment.

    ``None`` for a service means it was not read (not configured, or unreachable: ``unread``
    says which); an empty mapping means it was read and holds nothing of the series.
    """

    series_id: int
    title: str
    path: str | None
    tvdb_id: int | None
    tmdb_id: int | None
    anime: bool
    tags: frozenset[str]
    episodes: Mapping[int, Episode]
    torrents: Mapping[str, Torrent] | None
    library: Mapping[str, LibraryItem] | None
    library_series: tuple[str, ...] = ()
    seerr: SeerrMedia | None = None
    shoko: Mapping[int, ShokoFile] | None = None
    shoko_series: tuple[int, ...] = ()
    unread: tuple[Place, ...] = ()


# -- the plan -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Step:
    """One call of the deletion: where, what, on which targets, for which episodes, and why."""

    place: Place
    action: Action
    targets: tuple[str, ...]
    episode_ids: tuple[int, ...] = ()
    params: Mapping[str, Any] = field(default_factory=dict)
    why: str = ""
    labels: tuple[str, ...] = ()  # what a person reads, one per target (``labels``)

    def as_json(self) -> dict[str, Any]:
        """JSON-safe (actions' answers, logs, the fingerprint)."""
        return {
            "service": self.place.value,
            "action": self.action.value,
            "targets": list(self.targets),
            "labels": list(self.labels or self.targets),
            "episode_ids": list(self.episode_ids),
            "params": dict(sorted(self.params.items())),
            "why": self.why,
        }


@dataclass(frozen=True, slots=True)
class Kept:
    """Something the deletion leaves on purpose, and why (a pack still backing other episodes)."""

    place: Place
    target: str
    episode_ids: tuple[int, ...]
    why: str
    label: str = ""  # what a person reads (``labels``)

    def as_json(self) -> dict[str, Any]:
        """JSON-safe."""
        return {
            "service": self.place.value,
            "target": self.target,
            "label": self.label or self.target,
            "episode_ids": list(self.episode_ids),
            "why": self.why,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class Plan:
    """What a deletion will do, exactly; ``plan_id`` is its fingerprint (see ``plan``)."""

    plan_id: str
    request: DeletionRequest
    title: str
    episode_ids: tuple[int, ...]
    steps: tuple[Step, ...]
    kept: tuple[Kept, ...]
    gone: tuple[str, ...]
    warnings: tuple[str, ...]

    def as_json(self, codes: Mapping[int, str]) -> dict[str, Any]:
        """The plan as the dry run answers it: every step, what stays, warnings."""
        return {
            "plan_id": self.plan_id,
            "series_id": self.request.series_id,
            "title": self.title,
            "request": self.request.as_json(),
            "episodes": [codes.get(e, str(e)) for e in self.episode_ids],
            "steps": [step.as_json() for step in self.steps],
            "kept": [kept.as_json() for kept in self.kept],
            "already_gone": list(self.gone),
            "warnings": list(self.warnings),
        }


# -- outcomes and verification ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one step's call answered."""

    step: Step
    ok: bool
    message: str = ""

    def as_json(self) -> dict[str, Any]:
        """JSON-safe."""
        return {**self.step.as_json(), "ok": self.ok, "message": self.message}


@dataclass(frozen=True, slots=True)
class Check:
    """Whether one episode is gone from one place where it was."""

    episode_id: int
    place: Place
    gone: bool
    detail: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Verification:
    """Every episode checked in every place it was: the deletion's result."""

    episodes_deleted: tuple[int, ...]
    episodes_failed: tuple[int, ...]
    checks: tuple[Check, ...]
    summary: str

    @property
    def partial(self) -> bool:
        """Some episodes are gone everywhere and some are not."""
        return bool(self.episodes_deleted) and bool(self.episodes_failed)
