"""A request's figures: episodes, percent by episodes and bytes, ETA, per-season summary.

* Percent by episodes: available / aired in-scope episodes (unaired ones are pending and do not
  count, the same rule as completion).
* Bytes: only downloads in flight or waiting for import (not failed, not already imported) count,
  each once: per file of a mapped pack (the files holding in-scope episodes), else per download
  (qBittorrent's ``size``/``amount_left``, or Sonarr's ``size``/``sizeleft`` taken from one
  record: Sonarr repeats the whole torrent's figures on every episode record of a pack).
* ETA: the latest ETA of the unfinished downloads; unknown (None) as soon as one of them has no
  ETA (qBittorrent's 8640000, a stalled torrent).
* Summary: ``S01 E01–E12 available · S02 E01 downloading 45 % · E02 downloading 12 % · E03
  searching · E04–E12 pending``: consecutive episodes with the same label share a range; a
  downloading episode's label carries its own progress (rounded down), so only episodes at the
  same percentage (a pack without its file list) share a range.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Final

from .downloads import DownloadView
from .model import EpisodeState, RequestProgress, SeasonSummary
from .status import EpisodeStatus

SEPARATOR: Final = " · "


def summarize(
    episodes: Sequence[EpisodeState],
    downloads: Sequence[DownloadView],
    counts: Mapping[EpisodeStatus, int],
) -> RequestProgress:
    """Figures of a request from its episodes and its downloads.

    ``episodes`` are sorted by season and number; ``downloads`` are those covering at least one
    of them.
    """
    total = len(episodes)
    available = counts.get(EpisodeStatus.AVAILABLE, 0)
    aired = total - counts.get(EpisodeStatus.PENDING, 0)
    in_scope = {episode.episode_id for episode in episodes}
    bytes_total = bytes_done = 0
    etas: list[datetime | None] = []
    for view in downloads:
        state = view.state
        if not state.in_flight:
            continue
        size, done = view.counted_bytes(in_scope)
        bytes_total += size
        bytes_done += min(done, size)
        if state.progress < 1:
            etas.append(state.eta)
    eta = None
    if etas and all(moment is not None for moment in etas):
        eta = max(moment for moment in etas if moment is not None)
    seasons = season_summaries(episodes)
    return RequestProgress(
        episodes_total=total,
        episodes_aired=aired,
        episodes_available=available,
        percent_episodes=round(100 * available / aired, 1) if aired else 0.0,
        bytes_total=bytes_total,
        bytes_done=bytes_done,
        percent_bytes=round(100 * bytes_done / bytes_total, 1) if bytes_total else None,
        eta=eta,
        counts=dict(counts),
        seasons=seasons,
        summary=SEPARATOR.join(season.text for season in seasons),
    )


def _label(episode: EpisodeState) -> str:
    if episode.status is EpisodeStatus.DOWNLOADING:
        # Rounded down (99.6 % is not 100 %), with a hair of slack for float noise (0.29 * 100).
        return f"downloading {int(episode.progress * 100 + 1e-9)} %"
    return episode.status  # a StrEnum member is its value


def _number(value: int) -> str:
    return f"E{value:02d}"


def season_summaries(episodes: Sequence[EpisodeState]) -> tuple[SeasonSummary, ...]:
    """Per-season lines with compressed ranges; ``episodes`` sorted by season and number."""
    result: list[SeasonSummary] = []
    start = 0
    while start < len(episodes):
        season = episodes[start].season
        end = start
        while end < len(episodes) and episodes[end].season == season:
            end += 1
        chunk = episodes[start:end]
        result.append(
            SeasonSummary(
                season=season,
                episodes_total=len(chunk),
                episodes_available=sum(1 for e in chunk if e.status is EpisodeStatus.AVAILABLE),
                text=f"S{season:02d} " + SEPARATOR.join(_ranges(chunk)),
            )
        )
        start = end
    return tuple(result)


def _ranges(chunk: Sequence[EpisodeState]) -> list[str]:
    parts: list[str] = []
    first = last = chunk[0]
    label = _label(first)
    for episode in chunk[1:]:
        current = _label(episode)
        if current == label and episode.episode == last.episode + 1:
            last = episode
            continue
        parts.append(_range_text(first, last, label))
        first = last = episode
        label = current
    parts.append(_range_text(first, last, label))
    return parts


def _range_text(first: EpisodeState, last: EpisodeState, label: str) -> str:
    if first is last:
        return f"{_number(first.episode)} {label}"
    return f"{_number(first.episode)}–{_number(last.episode)} {label}"
