"""What a scenario of the live stack says: series, their episodes, requests and grabs over time.

Plain frozen dataclasses, so a scenario is Python (type-checked, no file format to parse).
Times are relative: air dates are days before "now" (the clock the stack runs on: the real one
in the demo, the tests' frozen ticking clock in the e2e tests), grabs are seconds after the
scenario's ``/start``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

KIB: Final = 1024


@dataclass(frozen=True)
class Season:
    """One season: how many episodes, when the first aired (weekly after that)."""

    number: int
    episodes: int
    first_aired_days_ago: float
    """Days before now; a running season has its later episodes in the future."""


@dataclass(frozen=True)
class Release:
    """One torrent Sonarr grabs: a season pack (several episodes) or a single episode."""

    season: int
    episodes: tuple[int, ...]
    """Episode numbers within ``season``, in the order of the torrent's files."""
    at: float
    """Seconds after the scenario's start when Sonarr grabs it."""
    speed: int = 96 * KIB
    """The torrent's own download limit in qBittorrent (bytes/s): progress visible over seconds."""
    file_size: int = 96 * KIB
    """About each file's size (they vary a little so pieces and files do not line up)."""
    group: str = "SubsPlease"
    stalled: bool = False
    """Nobody seeds it: the seeder never has it, qBittorrent says ``stalledDL`` at 0 %."""
    seeder_leaves_at: float | None = None
    """The seeder stops seeding once the download reached this fraction: stalled mid-way."""
    jellyfin_lag: float | None = None
    """Seconds from import until Jellyfin lists the files (None: the scenario's default)."""
    sequential: bool = False
    """Download the files in order; off, qBittorrent finishes a pack's files out of order."""

    @property
    def is_pack(self) -> bool:
        """Whether it carries more than one episode (Sonarr's SeasonPack release type)."""
        return len(self.episodes) > 1


@dataclass(frozen=True)
class Show:
    """A Sonarr series, its Jellyseerr request and what happens to it."""

    id: int
    title: str
    year: int
    tvdb_id: int
    tmdb_id: int
    seasons: tuple[Season, ...]
    anime: bool = False
    network: str = "Tokyo MX"
    available: tuple[tuple[int, int], ...] = ()
    """(season, episode) already in the library (and Jellyfin) when the stack starts."""
    requested_seasons: tuple[int, ...] = ()
    """Seasons of the Jellyseerr request; empty: every season."""
    requested_by: str = "maria"
    """A Jellyseerr user: ``admin`` or ``maria``."""
    releases: tuple[Release, ...] = ()

    @property
    def imdb_id(self) -> str:
        """A made-up IMDb id derived from the TVDB id (stable across runs)."""
        return f"tt{30_000_000 + self.tvdb_id}"

    @property
    def folder_name(self) -> str:
        """Sonarr's series folder: ``Title (Year)``."""
        return f"{self.title} ({self.year})"

    def absolute(self, season: int, episode: int) -> int | None:
        """The anime absolute number of an episode (running count over the seasons)."""
        if not self.anime:
            return None
        before = sum(s.episodes for s in self.seasons if s.number < season)
        return before + episode


@dataclass(frozen=True)
class Scenario:
    """A whole world: its shows, and Jellyfin's usual scan delay."""

    name: str
    description: str
    shows: tuple[Show, ...]
    jellyfin_lag: float = 2.0
    """Seconds from an import until Jellyfin lists the file (its library scan)."""
    import_delay: float = 1.0
    """Seconds Sonarr shows a finished download as ``importing`` before the files are moved."""
    instance_name: str = "Sonarr"

    def releases(self) -> list[tuple[Show, Release]]:
        """Every release of every show, by grab time."""
        return sorted(
            ((show, release) for show in self.shows for release in show.releases),
            key=lambda pair: pair[1].at,
        )
