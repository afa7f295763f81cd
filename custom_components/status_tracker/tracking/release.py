"""What a release title or a file name inside a torrent says: series, season(s), episode(s)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
import re

from . import release_patterns as pat
from .release_name import NameParts, normalise, parse_name, split_extension

# Each distinct name is parsed once; the bound keeps a long-running instance's memory flat.
_CACHE_SIZE = 4096
_FOLDER_CACHE_SIZE = 1024
# A path separator, except inside titles that spell a slash ("Fate/Zero", "Fate/stay night").
_SEPARATOR = re.compile(r"(?i)(?<!\bfate)/")


@dataclass(frozen=True, slots=True)
class ReleaseInfo:
    """The parsed form of one release title or file name.

    ``season`` is None when the name carries no season (a bare anime absolute number).
    ``episodes`` are episode numbers within ``season``; ``absolute_episodes`` are absolute
    numbers (anime). ``seasons`` lists every season a multi-season pack covers.
    """

    title: str
    series_title: str | None = None
    season: int | None = None
    seasons: tuple[int, ...] = ()
    episodes: tuple[int, ...] = ()
    absolute_episodes: tuple[int, ...] = ()
    full_season: bool = False
    special: bool = False
    extra: bool = False
    release_group: str | None = None
    resolution: str | None = None
    version: int | None = None


def parse_release(name: str, *, anime: bool | None = None) -> ReleaseInfo:
    r"""Parse a release title or a file path inside a torrent.

    ``anime`` is Sonarr's series type when known (True for anime). It only biases bare numbers
    that could be read two ways: with True, ``Show 1013`` is absolute episode 1013; with False,
    ``[Grp] Show - 1013`` is S10E13; without a hint, scene-style ``Show 1013`` is S10E13 and
    anime-style ``[Grp] Show - 1013`` is absolute 1013. With True, a scene-style number followed
    by an episode title is absolute too (``Show.1102.Title.720p``, never S11E02).
    ``Title - 031 - Name`` is always absolute 31 (a leading zero is never compact numbering).

    Paths (``/`` or ``\``; ``/`` only when the last part has a known file extension, because
    release titles such as ``葬送的芙莉莲 / Sousou no Frieren`` use it too): the file name decides
    the episode numbers; folders fill in what it lacks — series title, season (from a
    single-season folder), release group, resolution. A file in an extras folder (``Extras/``,
    ``Featurettes/``, ``NC/``, ``Sample/``, ``CDs/`` …), a sample, a creditless OP/ED
    (``NCOP``, ``ED2``, ``- Opening 2``), a menu, a PV/CM or a non-video file (``.nfo``,
    ``.jpg``, ``.flac``) is ``extra``: no episodes, not a pack, and its series, season, group
    and resolution come from the release folders above it when there are any (a bonus file's
    own name describes the bonus, not the series). ``anime`` reaches the folders too.
    Indexer advertising in front (``www.Site.org - ``) is ignored.

    Field rules:

    - ``series_title``: the text before the first episode or season marker (or before the first
      quality tag when there is none). Normalised: underscores and, in dot-style names, dots
      become spaces — except the dots of an acronym, because titles are matched against Sonarr's
      (``Agents.of.S.H.I.E.L.D.S01E01`` → ``Agents of S.H.I.E.L.D.``, ``S.W.A.T.2017`` →
      ``S.W.A.T. 2017``); fullwidth brackets, digits and spaces count as ASCII; a year or country
      code in parentheses stays without them (``The Office (US)`` → ``The Office US``); other
      bracketed text goes, unless the title exists only in brackets (``[Group][Title][01]``);
      spaces collapse; separator punctuation (``- : ~ | , ;``) is trimmed at both ends; case and
      everything else is kept as written. None when empty.
    - ``seasons``: every season named, in order (``S01-S03`` → 1, 2, 3); ``season`` is the first.
      Season words of other languages count (``Temporada``, ``Saison``, ``Staffel``,
      ``Seizoen``, ``Stagione``, ``第二季``); a year can be a season (``2011x04``, ``S2024E15432``).
    - ``episodes``: numbers the name ties to a season: ``S01E05`` (also ``S01.E05``,
      ``S01EP05``, five-digit daily numbers), ``1x05`` / ``4x2`` / ``3x7``, ``Season 1 Episode 5``
      and its translations (``Staffel 1 Folge 5``, ``Se.3 afl.07``), ``Cap.102`` (season and
      episode packed: S01E02), a leading ``02-13 - Title`` (S02E13), ``s03.07``, a season marker
      directly before the number (``S2 - 07``, ``3rd Season 11``, ``第二季 05``), and mini-series
      parts (``Part 3``, ``Part.Three``, ``Pt 3``, ``3of6``: season 1, unless a film's year
      follows or the name is an anime cour). ``absolute_episodes``: numbers without an attached
      season (``Title - 1089``, ``#07``, ``[05]``, ``第07話``, ``Ep11v2``, ``Show 05`` in anime
      style) — also when the season stands apart (``Season 3 (Part 2) - 59``) or comes from a
      folder, because such numbers often count from the series' start; and the ``005`` in
      ``Title - S01E05 - 005`` or the ``87`` in ``Title - 87 (S04E28)``. Ranges and lists are
      expanded (``01-12`` → 1 … 12, ``05+06`` → 5, 6). A number after ``NxM`` starts the
      episode title (``4x05 - 1984`` is episode 5). Numbers that belong to a title are not
      episodes: ``Toy Story 3``, ``Evangelion 1.11``, ``Ghost in the Shell 2.0``, ``the Movie
      2``, a sequel's batch (``Title 2 [Batch]``).
    - ``full_season``: the name designates whole season(s) without single episodes (``S01``,
      ``Season 2``, ``S01-S03``, ``Complete Series``) or says ``Batch``/``Complete``/``全集``;
      Part/Vol packs are not full.
    - ``special``: season 0, or named as ``OVA``/``OAD``/``SP``/``Special`` (a number after the
      word counts specials: ``OVA - 03`` is season 0 episode 3), or a recap numbered ``- 12.5``
      (no number: it sits between episodes), or inside a ``Specials/`` folder.
    - ``release_group``: the leading ``[Group]`` of fansub names (not a ``[TV]`` source or a
      ``[140405]`` broadcast date), else the scene ``-GROUP`` after the last tag (indexer
      suffixes such as ``[rarbg]`` or ``-Obfuscated`` ignored).
    - ``resolution``: ``1080p``-style, lower case (``1920x1080`` → ``1080p``, ``4K`` → ``2160p``).
    - ``version``: the ``v2`` of a re-release (``12v2``, ``S01E05v2``, ``_08V2``, ``[v2]``).

    The numbers are read by a table of marker rules tried in priority order, the first confident
    reading winning (``release_rules``). Results are cached per (name, anime) in a bounded LRU
    cache; the parser never calls guessit (regular expressions over the normalised name cover
    the shapes it is tested on, and are two orders of magnitude faster).
    """
    return _parse_release(name, anime)


@lru_cache(maxsize=_CACHE_SIZE)
def _parse_release(name: str, anime: bool | None) -> ReleaseInfo:
    components = _path_components(name)
    own = parse_name(components[-1], anime=anime)
    above = components[:-1]
    # Below an extras folder ("Extras/", "CDs/", "Scans/") names describe the bonus item, so only
    # the folders above it describe the release; "Specials/" names nothing either.
    cut = next((i for i, folder in enumerate(above) if _is_extras_folder(folder)), len(above))
    in_specials = any(_is_specials_folder(folder) for folder in above)
    folders = [_parse_folder(f, anime) for f in reversed(above[:cut]) if not _is_specials_folder(f)]
    extra = own.extra or cut < len(above) or any(folder.extra for folder in folders)
    # An episode's own name is the best witness; a bonus file's name is not the series'.
    sources = [*folders, own] if extra else [own, *folders]
    seasons = own.seasons if not extra else ()
    seasons = seasons or next((f.seasons for f in folders if len(f.seasons) == 1), own.seasons)
    info = ReleaseInfo(
        title=name,
        series_title=next((s.series_title for s in sources if s.series_title), None),
        season=seasons[0] if seasons else None,
        seasons=seasons,
        release_group=next((s.release_group for s in sources if s.release_group), None),
        resolution=next((s.resolution for s in sources if s.resolution), None),
    )
    if extra:
        return replace(info, extra=True)
    return replace(
        info,
        episodes=own.episodes,
        absolute_episodes=own.absolute_episodes,
        full_season=own.full_season,
        special=own.special or in_specials or 0 in seasons,
        version=own.version,
    )


def _path_components(name: str) -> list[str]:
    """Split a file path into folders and file; a release title stays whole."""
    if "\\" not in name and "/" not in name:
        return [name]
    parts = _SEPARATOR.split(name.replace("\\", "/"))
    if "\\" not in name and split_extension(parts[-1])[1] is None:
        return [name]  # "葬送的芙莉莲 / Sousou no Frieren - 01": a title, not a path
    components = [part for part in parts if part.strip()]
    return components or [name]


@lru_cache(maxsize=_FOLDER_CACHE_SIZE)
def _parse_folder(folder: str, anime: bool | None) -> NameParts:
    return parse_name(folder, anime=anime)


def _folder_key(folder: str) -> str:
    return normalise(folder).lower().strip(" []()")


def _is_extras_folder(folder: str) -> bool:
    return _folder_key(folder) in pat.EXTRA_FOLDERS


def _is_specials_folder(folder: str) -> bool:
    return _folder_key(folder) in pat.SPECIAL_FOLDERS
