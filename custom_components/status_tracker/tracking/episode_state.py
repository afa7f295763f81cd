"""One episode's status: the evidence about it, judged by the precedence table in ``status``."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Final

from .downloads import Evidence
from .model import EpisodeState
from .records import Episode
from .status import EPISODE_RANK, EpisodeStatus

AVAILABLE: Final = Evidence(EpisodeStatus.AVAILABLE, progress=1.0)
"""The evidence of an episode Jellyfin has (shared: it carries nothing else)."""
_AWAITING_JELLYFIN: Final = Evidence(EpisodeStatus.IMPORTING, progress=1.0, awaiting_jellyfin=True)
_SEARCHING: Final = Evidence(EpisodeStatus.SEARCHING)
_PENDING: Final = Evidence(EpisodeStatus.PENDING)
_IN_TRANSIT: Final = frozenset({EpisodeStatus.FOUND, EpisodeStatus.DOWNLOADING})


def judge(
    episode: Episode,
    *,
    now: datetime,
    jellyfin_known: bool,
    jellyfin_id: str | None,
    downloads: Sequence[Evidence],
    failure: str | None,
) -> Evidence:
    """The winning evidence by precedence (ties: more progress, then the earlier one).

    ``failure`` is the reason of a downloadFailed event newer than the episode's last grab.
    """
    if jellyfin_id is not None or (not jellyfin_known and episode.has_file):
        return AVAILABLE  # first in the table: nothing can beat it
    if episode.has_file:
        best = _AWAITING_JELLYFIN
    elif failure is not None:
        best = Evidence(EpisodeStatus.FAILED, reason=failure)
    elif episode.air_date is not None and episode.air_date <= now:
        best = _SEARCHING
    else:
        best = _PENDING
    if downloads:
        best_rank = EPISODE_RANK[best.status]
        for candidate in downloads:
            rank = EPISODE_RANK[candidate.status]
            if rank < best_rank or (rank == best_rank and candidate.progress > best.progress):
                best, best_rank = candidate, rank
    return best


def upgrade_in_transit(downloads: Sequence[Evidence]) -> Evidence | None:
    """For an available episode: the download of a better release on its way, if any."""
    upgrade = None
    for candidate in downloads:
        if candidate.status in _IN_TRANSIT and (
            upgrade is None or candidate.progress > upgrade.progress
        ):
            upgrade = candidate
    return upgrade


def episode_state(
    episode: Episode,
    evidence: Evidence,
    upgrade: Evidence | None,
    *,
    since: datetime,
    jellyfin_id: str | None,
    search_running: bool,
) -> EpisodeState:
    """Build the output record of an episode from its winning evidence."""
    return EpisodeState(
        episode.id,
        episode.season,
        episode.number,
        episode.absolute,
        episode.title,
        episode.air_date,
        episode.monitored,
        evidence.status,
        since,
        evidence.progress,
        evidence.size,
        evidence.done,
        upgrade.download if upgrade is not None else evidence.download,
        evidence.paused,
        evidence.stalled,
        upgrade is not None,
        evidence.import_blocked,
        evidence.awaiting_jellyfin,
        evidence.waiting_for_pack,
        search_running and evidence.status is EpisodeStatus.SEARCHING,
        evidence.messages,
        evidence.reason,
        jellyfin_id,
    )
