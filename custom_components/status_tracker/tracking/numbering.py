"""A series' episode numbering: which Sonarr episodes a parsed name (or number) points to.

Shared by season-pack file mapping and the Jellyfin path fallback. Anime names usually carry
absolute numbers, mapped through Sonarr's ``absoluteEpisodeNumber`` (then the scene absolute
number); standard names carry SxxEyy. A name without a season inside a pack of a single season
(``[Group] Show (Season 1)/[Group] Show - 05.mkv``) takes the pack's season.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Final

from .records import Episode
from .release import ReleaseInfo


def number_key(season: int, number: int) -> int:
    """One int for (season, number): no tuple allocated per lookup (10,000 a cycle).

    Exact for every value ``coerce`` lets through (below 2**62); ``number`` is masked so a
    negative one can never reach into the season bits.
    """
    return (season << 64) | (number & _MASK)


_MASK: Final = (1 << 64) - 1

# A parsed range longer than this is garbage (or a whole-show batch named by its range only);
# looking up every number of it would cost time for nothing.
MAX_NUMBERS: Final = 500


@dataclass(slots=True)
class Numbering:
    """Lookups of one series' episodes by (season, number) and by absolute number."""

    by_number: dict[int, int] = field(default_factory=dict)  # number_key(season, number)
    by_absolute: dict[int, int] = field(default_factory=dict)
    by_scene_absolute: dict[int, int] = field(default_factory=dict)
    season_of: dict[int, int] = field(default_factory=dict)

    @classmethod
    def of(cls, episodes: Iterable[Episode]) -> Numbering:
        """Index episodes; on a clash the first one keeps the number (deterministic)."""
        numbering = cls()
        by_number = numbering.by_number
        season_of = numbering.season_of
        for episode in episodes:
            # number_key() inlined: this runs for every episode of every tracked series.
            by_number.setdefault((episode.season << 64) | (episode.number & _MASK), episode.id)
            season_of.setdefault(episode.id, episode.season)
            if episode.absolute is not None:
                numbering.by_absolute.setdefault(episode.absolute, episode.id)
            if episode.scene_absolute is not None:
                numbering.by_scene_absolute.setdefault(episode.scene_absolute, episode.id)
        return numbering

    def in_season(self, season: int | None, numbers: Iterable[int]) -> list[int]:
        """Episode ids of ``numbers`` within ``season`` (unknown ones skipped)."""
        if season is None:
            return []
        found = []
        for number in numbers:
            episode_id = self.by_number.get(number_key(season, number))
            if episode_id is not None:
                found.append(episode_id)
        return found

    def absolute(self, numbers: Iterable[int]) -> list[int]:
        """Episode ids of absolute numbers (Sonarr's, then scene numbering)."""
        found = []
        for number in numbers:
            episode_id = self.by_absolute.get(number)
            if episode_id is None:
                episode_id = self.by_scene_absolute.get(number)
            if episode_id is not None:
                found.append(episode_id)
        return found

    def ids_for(
        self, info: ReleaseInfo, *, anime: bool, seasons: Sequence[int] = ()
    ) -> tuple[int, ...]:
        """The episodes a parsed name covers, in order, without repeats; () for extras.

        ``seasons`` are the seasons of the enclosing pack, used when the name has none.
        SxxEyy numbers are used as they are (for anime, an absolute number next to them wins).
        A bare number with a known season (``Title S2 - 07``, ``(Season 2)/Title - 15``) is
        ambiguous: the episode with that absolute number when it is in that season, else that
        season's episode with that number, else the absolute one.
        """
        if info.extra:
            return ()
        season = info.season
        if season is None:
            season = 0 if info.special else (seasons[0] if len(seasons) == 1 else None)
        episodes = info.episodes[:MAX_NUMBERS]
        absolutes = info.absolute_episodes[:MAX_NUMBERS]
        found: list[int] = []
        if episodes:
            if anime and absolutes:
                found = self.absolute(absolutes)
            if not found:
                found = self.in_season(season, episodes)
        elif absolutes:
            if season is None:
                found = self.absolute(absolutes)
            else:
                found = [e for n in absolutes if (e := self._bare(season, n)) is not None]
        return tuple(dict.fromkeys(found))

    def _bare(self, season: int, number: int) -> int | None:
        by_absolute = self.by_absolute.get(number)
        if by_absolute is None:
            by_absolute = self.by_scene_absolute.get(number)
        if by_absolute is not None and self.season_of.get(by_absolute) == season:
            return by_absolute
        in_season = self.by_number.get(number_key(season, number))
        return in_season if in_season is not None else by_absolute
