"""Season packs at file level, and what kind of release a download is.

A season pack is one torrent for many episodes; Sonarr reports the torrent's progress on every
episode of it. Here each video file of the torrent is parsed (with the series' anime hint) and
mapped to its episode(s): absolute numbers through Sonarr's ``absoluteEpisodeNumber`` for anime,
multi-episode files to every episode they hold, and samples, extras (NCOP/NCED…), subtitles and
other non-video files to nothing. An episode's progress is then its own file's progress.

Release type, first rule that applies:

1. Sonarr's own ``releaseType`` from the grab (SeasonPack / MultiEpisode / SingleEpisode);
2. the title says a full season, a batch or several seasons: season pack;
3. one episode in Sonarr's mapping (records sharing the downloadId) and at most one episode
   file: single episode;
4. the title names episodes (``S01E01E02``, ``01-03``) : multi-episode;
5. otherwise (many episodes, a title without numbers): season pack.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from . import coerce
from .model import ReleaseType
from .numbering import Numbering
from .parsing import MemoParser
from .release import ReleaseInfo

_SONARR_RELEASE_TYPES: Final = {
    "seasonpack": ReleaseType.SEASON_PACK,
    "multiepisode": ReleaseType.MULTI_EPISODE,
    "singleepisode": ReleaseType.SINGLE_EPISODE,
}

VIDEO_EXTENSIONS: Final = frozenset(
    {
        "mkv", "mp4", "m4v", "avi", "ts", "m2ts", "mts", "wmv", "mov", "webm", "mpg", "mpeg",
        "flv", "ogm", "ogv", "vob", "divx", "xvid", "rmvb", "3gp", "iso", "strm",
    }
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class PackFile:
    """One video file of a torrent and the episodes it holds."""

    name: str
    size: int
    progress: float
    episode_ids: tuple[int, ...]

    @property
    def done(self) -> int:
        """Bytes of the file already downloaded."""
        return int(self.size * self.progress)


@dataclass(frozen=True, slots=True)
class EpisodeBytes:
    """An episode's share of a download: its own file(s)."""

    size: int
    done: int
    progress: float


def release_type(
    sonarr_type: str | None, info: ReleaseInfo, mapped: int, episode_files: int
) -> ReleaseType:
    """Classify a download by the rules in the module docstring."""
    if sonarr_type is not None:
        known = _SONARR_RELEASE_TYPES.get(sonarr_type.lower())
        if known is not None:
            return known
    if info.full_season or len(info.seasons) > 1:
        return ReleaseType.SEASON_PACK
    if mapped <= 1 and episode_files <= 1:
        return ReleaseType.SINGLE_EPISODE
    if info.episodes or info.absolute_episodes:
        return ReleaseType.MULTI_EPISODE
    return ReleaseType.SEASON_PACK


def is_video(name: str) -> bool:
    """Whether a file name has a video extension (subtitles, .nfo, images are not episodes)."""
    dot = name.rfind(".")
    return dot >= 0 and name[dot + 1 :].lower() in VIDEO_EXTENSIONS


def map_files(
    files: Iterable[Mapping[str, object]],
    numbering: Numbering,
    parse: MemoParser,
    *,
    anime: bool,
    seasons: Sequence[int],
) -> list[PackFile]:
    """The torrent's video files that hold episodes of the series, with their episodes.

    ``seasons`` are the pack's seasons (from its title or Sonarr's mapping): a file name without
    a season belongs to the pack's season when there is only one. Files with priority 0 are not
    downloaded and hold nothing; an unreadable file is skipped on its own.
    """
    mapped: list[PackFile] = []
    for record in files:
        name = coerce.get_str(record, "name")
        if name is None or not is_video(name) or coerce.get_int(record, "priority") == 0:
            continue
        info = parse(name, anime)
        episode_ids = numbering.ids_for(info, anime=anime, seasons=seasons)
        if not episode_ids:
            continue
        progress = coerce.get_float(record, "progress")
        mapped.append(
            PackFile(
                name=name,
                size=coerce.get_size(record, "size") or 0,
                progress=coerce.clamp_unit(progress) if progress is not None else 0.0,
                episode_ids=episode_ids,
            )
        )
    return mapped


def episode_bytes(files: Iterable[PackFile]) -> dict[int, EpisodeBytes]:
    """Each episode's own bytes: the sum of the files that hold it.

    A multi-episode file counts fully for each of its episodes; progress is by bytes, or the mean
    of the files' progress when their sizes are unknown.
    """
    sizes: dict[int, list[PackFile]] = {}
    for file in files:
        for episode_id in file.episode_ids:
            sizes.setdefault(episode_id, []).append(file)
    result: dict[int, EpisodeBytes] = {}
    for episode_id, held in sizes.items():
        size = sum(file.size for file in held)
        done = sum(file.done for file in held)
        if size > 0:
            # From the files' own fractions, not the rounded byte counts.
            progress = coerce.clamp_unit(sum(f.size * f.progress for f in held) / size)
        else:
            progress = coerce.clamp_unit(sum(file.progress for file in held) / len(held))
        result[episode_id] = EpisodeBytes(size=size, done=done, progress=progress)
    return result
