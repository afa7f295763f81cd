"""The stack's files: release names as indexers carry them, library names as Sonarr renames them.

Every release is written once under the seeder's data folder (random bytes, small) and made a
real torrent (``make_torrent``): its info-hash is what Sonarr's queue and history carry.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
import random
import zlib

from tests.support.qbittorrent_nox import TorrentData, make_torrent

from .scenario import Release, Show

PIECE = 16 * 1024


def episode_title(show: Show, season: int, episode: int) -> str:
    """An invented, stable episode title."""
    absolute = show.absolute(season, episode)
    return f"Chapter {absolute}" if absolute is not None else f"Part {episode}"


def _crc(*parts: object) -> str:
    return f"{zlib.crc32('/'.join(map(str, parts)).encode()):08X}"


def release_title(show: Show, release: Release) -> str:
    """The release's name (the torrent's name, Sonarr's ``sourceTitle``), without extension."""
    dotted = show.title.replace(" ", ".")
    if show.anime and release.is_pack:
        first, last = release.episodes[0], release.episodes[-1]
        if release.season == 1:
            return f"[{release.group}] {show.title} ({first:02d}-{last:02d}) (1080p) [Batch]"
        return f"[{release.group}] {show.title} (Season {release.season}) [1080p][Batch]"
    if show.anime:
        (episode,) = release.episodes
        absolute = show.absolute(release.season, episode)
        crc = _crc(show.id, release.season, episode)
        return f"[{release.group}] {show.title} - {absolute:02d} (1080p) [{crc}]"
    if release.is_pack:
        return f"{dotted}.S{release.season:02d}.1080p.WEB-DL.DDP5.1.H.264-{release.group}"
    (episode,) = release.episodes
    return f"{dotted}.S{release.season:02d}E{episode:02d}.1080p.WEB-DL.DDP5.1.H.264-{release.group}"


def pack_file_name(show: Show, release: Release, episode: int) -> str:
    """A pack's file for one episode, as the release group names it."""
    if show.anime and release.season == 1:
        crc = _crc(show.id, release.season, episode)
        return f"[{release.group}] {show.title} - {episode:02d} (1080p) [{crc}].mkv"
    if show.anime:
        return f"[{release.group}] {show.title} - S{release.season:02d}E{episode:02d} [1080p].mkv"
    dotted = show.title.replace(" ", ".")
    number = f"S{release.season:02d}E{episode:02d}"
    return f"{dotted}.{number}.1080p.WEB-DL.DDP5.1.H.264-{release.group}.mkv"


def library_relative_path(show: Show, season: int, episode: int) -> str:
    """Where Sonarr puts an episode below the series folder (its default naming formats)."""
    title = episode_title(show, season, episode)
    absolute = show.absolute(season, episode)
    number = f"S{season:02d}E{episode:02d}"
    if absolute is not None:
        name = f"{show.title} - {number} - {absolute:03d} - {title} [WEBDL-1080p].mkv"
    else:
        name = f"{show.title} - {number} - {title} [WEBDL-1080p].mkv"
    return f"Season {season:02d}/{name}"


@dataclass(frozen=True)
class MadeRelease:
    """A release written to disk, its torrent, and which file is which episode."""

    show: Show
    release: Release
    title: str
    torrent: TorrentData
    episode_files: dict[int, str]
    """Episode number → the file's path as ``torrents/files`` names it."""

    @property
    def hash(self) -> str:
        """qBittorrent's (lower-case) info-hash."""
        return self.torrent.info_hash

    @property
    def download_id(self) -> str:
        """Sonarr's ``downloadId``: the hash upper-cased."""
        return self.torrent.info_hash.upper()


def _random_file(path: Path, size: int, rng: random.Random) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # A little jitter, so file and piece boundaries do not line up.
    path.write_bytes(rng.randbytes(size + rng.randrange(0, 4096)))


def make_release(seed_root: Path, show: Show, release: Release) -> MadeRelease:
    """Write a release's files under ``seed_root`` and make its torrent."""
    title = release_title(show, release)
    rng = random.Random(f"{show.id}/{title}")
    if release.is_pack:
        folder = seed_root / title
        names = {e: pack_file_name(show, release, e) for e in release.episodes}
        for name in names.values():
            _random_file(folder / name, release.file_size, rng)
        torrent = make_torrent(folder, PIECE)
        files = {e: f"{title}/{name}" for e, name in names.items()}
    else:
        (episode,) = release.episodes
        path = seed_root / f"{title}.mkv"
        _random_file(path, release.file_size, rng)
        torrent = make_torrent(path, PIECE)
        files = {episode: path.name}
    return MadeRelease(show, release, title, torrent, files)


def write_library_file(path: Path, seed: str, size: int = 16 * 1024) -> int:
    """An episode already in the library (imported long ago); returns its size."""
    _random_file(path, size, random.Random(seed))
    return path.stat().st_size
