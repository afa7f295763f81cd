"""Episode and request statuses, and the rules that pick one.

Episode status
==============

Every piece of evidence about an episode (Jellyfin has it, Sonarr has a file, each download that
covers it, a grab in the history, the air date) proposes a status; the episode takes the proposal
that comes first in this table (first match wins):

===========  ===================================================================================
status       when (attributes carried)
===========  ===================================================================================
available    a non-virtual Jellyfin episode covers it (``IndexNumberEnd`` counts), or Sonarr has
             the file while Jellyfin is unreachable. Still ``available`` while a better release
             downloads (``upgrading``).
importing    the episode's own download is complete, or Sonarr says importPending / importing /
             importBlocked (``import_blocked`` and Sonarr's messages), or Sonarr imported it and
             Jellyfin does not list it yet (``awaiting_jellyfin``: the known "stuck at
             importing" case, which resolves when Jellyfin scans).
downloading  bytes are arriving: ``progress``, bytes, speed, ETA (qBittorrent's 8640000 is
             "unknown"), ``stalled``; a stopped torrent is downloading with ``paused``.
found        a release is grabbed but nothing of this episode is downloaded yet (queued, delayed,
             metadata only, or its file in a pack has not started).
failed       Sonarr failed / failedPending, qBittorrent error / missingFiles, or a downloadFailed
             event after the last grab (``reason``).
searching    aired, monitored, missing and nothing grabbed: Sonarr is looking
             (``search_running`` when a search command for it is queued or running).
pending      in scope but not aired yet (``air_date``, None when unknown).
===========  ===================================================================================

Request status
==============

A request's status comes from its in-scope episodes, first match wins:

=====================  =========================================================================
status                 when
=====================  =========================================================================
failed                 some episode is failed: the request needs attention.
available              every aired in-scope episode is available (at least one is); unaired
                       ones are pending and do not block.
downloading            some episode is downloading: bytes are arriving.
found                  some episode is found (a release is grabbed), none downloading: nothing
                       arrives yet (queued, delayed, waiting for metadata or peers).
importing              some episode is importing (and none downloading or found).
partially_available    some episode is available, nothing is in progress.
searching              some aired episode is searched for, none available.
requested              nothing aired in scope yet, or no episode in scope at all.
=====================  =========================================================================
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Final


class EpisodeStatus(StrEnum):
    """Where one episode is."""

    PENDING = "pending"
    SEARCHING = "searching"
    FOUND = "found"
    DOWNLOADING = "downloading"
    IMPORTING = "importing"
    AVAILABLE = "available"
    FAILED = "failed"


class RequestStatus(StrEnum):
    """Where one request (one Sonarr series) is."""

    REQUESTED = "requested"
    SEARCHING = "searching"
    FOUND = "found"
    DOWNLOADING = "downloading"
    IMPORTING = "importing"
    PARTIALLY_AVAILABLE = "partially_available"
    AVAILABLE = "available"
    FAILED = "failed"


EPISODE_PRECEDENCE: Final[tuple[EpisodeStatus, ...]] = (
    EpisodeStatus.AVAILABLE,
    EpisodeStatus.IMPORTING,
    EpisodeStatus.DOWNLOADING,
    EpisodeStatus.FOUND,
    EpisodeStatus.FAILED,
    EpisodeStatus.SEARCHING,
    EpisodeStatus.PENDING,
)
"""The episode precedence table as data: earlier wins."""

# Lower rank wins; a dict lookup keeps the per-episode decision cheap.
EPISODE_RANK: Final[dict[EpisodeStatus, int]] = {
    status: rank for rank, status in enumerate(EPISODE_PRECEDENCE)
}


def request_status(counts: Mapping[EpisodeStatus, int]) -> RequestStatus:
    """The request status from its episodes' status counts, by the rules in the module docstring.

    Pending episodes are the unaired ones, so "every aired episode available" is "every episode
    available or pending".
    """
    available = counts.get(EpisodeStatus.AVAILABLE, 0)
    if counts.get(EpisodeStatus.FAILED, 0):
        return RequestStatus.FAILED
    # Unaired episodes are pending; anything else not available blocks completion.
    not_done = sum(
        n
        for status, n in counts.items()
        if status not in {EpisodeStatus.AVAILABLE, EpisodeStatus.PENDING}
    )
    if available and not_done == 0:
        return RequestStatus.AVAILABLE
    if counts.get(EpisodeStatus.DOWNLOADING, 0):
        return RequestStatus.DOWNLOADING
    if counts.get(EpisodeStatus.FOUND, 0):
        return RequestStatus.FOUND
    if counts.get(EpisodeStatus.IMPORTING, 0):
        return RequestStatus.IMPORTING
    if available:
        return RequestStatus.PARTIALLY_AVAILABLE
    if counts.get(EpisodeStatus.SEARCHING, 0):
        return RequestStatus.SEARCHING
    return RequestStatus.REQUESTED
