"""Which episodes a request names: ``S01E03``, ``S01E05-E07``, whole seasons, absolute numbers.

A selection is resolved against Sonarr's episodes of the series, never guessed: a code that
names no episode, a malformed code and an empty selection are each a ``SelectionError`` with
what was wrong, and nothing is deleted.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
import re
from typing import Final

from .model import DeletionRequest, Episode

_CODE: Final = re.compile(
    r"^\s*S(\d{1,4})E(\d{1,5})(?:\s*-\s*(?:S(\d{1,4}))?E?(\d{1,5}))?\s*$", re.I
)
MAX_RANGE: Final = 2_000


class SelectionError(ValueError):
    """The selection cannot be resolved; ``kind`` names why, ``detail`` what."""

    def __init__(self, kind: str, detail: str) -> None:
        """``kind``: malformed, unknown or empty."""
        super().__init__(f"{kind}: {detail}")
        self.kind = kind
        self.detail = detail


def parse_code(code: str) -> list[tuple[int, int]]:
    """(season, episode) pairs a code names; a range stays within its season."""
    match = _CODE.match(code)
    if match is None:
        raise SelectionError("malformed", code)
    season, first = int(match[1]), int(match[2])
    if match[4] is None:
        return [(season, first)]
    if match[3] is not None and int(match[3]) != season:
        raise SelectionError("malformed", f"{code} (a range stays within one season)")
    last = int(match[4])
    if last < first or last - first > MAX_RANGE:
        raise SelectionError("malformed", code)
    return [(season, number) for number in range(first, last + 1)]


def resolve(request: DeletionRequest, episodes: Mapping[int, Episode]) -> tuple[int, ...]:
    """The ids of the episodes the request names, in season/episode order.

    A cascade names every episode of the series.
    """
    if request.cascade:
        return _ordered(episodes.values())
    by_code = {(e.season, e.number): e for e in episodes.values()}
    by_absolute = {e.absolute: e for e in episodes.values() if e.absolute is not None}
    chosen: dict[int, Episode] = {}
    missing: list[str] = []
    for code in request.episodes:
        for season, number in parse_code(code):
            episode = by_code.get((season, number))
            if episode is None:
                missing.append(f"S{season:02d}E{number:02d}")
            else:
                chosen[episode.id] = episode
    for season in request.seasons:
        in_season = [e for e in episodes.values() if e.season == season]
        if not in_season:
            missing.append(f"season {season}")
        chosen.update((e.id, e) for e in in_season)
    for number in request.absolute:
        episode = by_absolute.get(number)
        if episode is None:
            missing.append(f"absolute {number}")
        else:
            chosen[episode.id] = episode
    if missing:
        raise SelectionError("unknown", ", ".join(missing))
    if not chosen:
        raise SelectionError("empty", "no episode, season or absolute number named")
    return _ordered(chosen.values())


def _ordered(episodes: Iterable[Episode]) -> tuple[int, ...]:
    return tuple(e.id for e in sorted(episodes, key=lambda e: (e.season, e.number, e.id)))
