"""What a marker rule found in a name, and what it reads the name with."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(slots=True)
class Found:
    """The numbers one rule found, where the series title ends and which digits it used."""

    title_end: int
    seasons: tuple[int, ...] = ()
    episodes: tuple[int, ...] = ()
    absolute: tuple[int, ...] = ()
    full: bool = False
    special: bool = False
    version: int | None = None
    span: tuple[int, int] | None = None  # the digits the reading rests on


@dataclass(frozen=True, slots=True)
class Context:
    """A normalised name (leading group removed) and what is known about it."""

    text: str
    anime: bool | None
    anime_style: bool  # a fansub-style name: leading [Group] or a CRC32 bracket
    is_file: bool

    @property
    def scene_style(self) -> bool:
        """Whether a bare number reads as scene numbering (``103`` = S01E03), not absolute."""
        return self.anime is False or (self.anime is None and not self.anime_style)


def version_of(value: str | None) -> int | None:
    """The ``2`` of a ``v2`` re-release, when the marker had one."""
    return int(value) if value else None


def compact_numbering(digits: str) -> tuple[int, int] | None:
    """``103`` → (1, 3), ``1013`` → (10, 13): the scene's compact numbering, when plausible."""
    if len(digits) < 3 or digits[0] == "0":
        return None
    season, episode = int(digits[:-2]), int(digits[-2:])
    if episode == 0:
        return None
    return season, episode
