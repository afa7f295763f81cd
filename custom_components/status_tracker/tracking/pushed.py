"""Grabs Sonarr pushed by webhook before its history shows them, and when they stop counting.

Sonarr posts ``Grab`` the moment it sends a release to qBittorrent; its history has the same grab
by the next poll. A pushed grab only buys latency, so it is never trusted beyond that:

* it counts as a ``grabbed`` history event (same download id, same episodes) until Sonarr's own
  history has a grab with its download id: then the history's record is the truth;
* it counts only for a series Sonarr lists, and only for episodes of that series (when its
  episodes are known);
* it stops counting ``MAX_AGE`` after it arrived, confirmed or not;
* at most ``MAX_EPISODES`` pushed episodes are kept, the newest first: a flood of posts costs a
  bounded amount of memory.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

from custom_components.status_tracker.clients.payloads.sonarr_webhook import (
    SonarrEventType,
    SonarrWebhookEvent,
)

MAX_AGE: Final = timedelta(hours=1)
MAX_EPISODES: Final = 2000


@dataclass(frozen=True, slots=True)
class PushedGrab:
    """A ``Grab`` webhook: the release Sonarr sent to the download client for some episodes.

    ``download_id`` is Sonarr's (the torrent hash upper-cased).
    """

    series_id: int
    episode_ids: tuple[int, ...]
    download_id: str
    release_title: str | None
    release_type: str | None
    received: datetime


def from_event(event: SonarrWebhookEvent, received: datetime) -> PushedGrab | None:
    """The grab a webhook event announces; None for any other event or one without a download."""
    if event.event_type is not SonarrEventType.GRAB or not event.episode_ids:
        return None
    download_id = (event.download_id or "").strip().upper()
    if not download_id:
        return None
    return PushedGrab(
        series_id=event.series_id,
        episode_ids=event.episode_ids,
        download_id=download_id,
        release_title=event.release_title,
        release_type=event.release_type,
        received=received,
    )


def bounded(pushed: Iterable[PushedGrab], now: datetime) -> tuple[PushedGrab, ...]:
    """The grabs still young enough, newest first, cut at ``MAX_EPISODES`` episodes in all."""
    kept: list[PushedGrab] = []
    episodes = 0
    for grab in sorted(pushed, key=lambda g: g.received, reverse=True):
        if now - grab.received > MAX_AGE or grab.received > now + MAX_AGE:
            continue
        if episodes + len(grab.episode_ids) > MAX_EPISODES:
            break
        episodes += len(grab.episode_ids)
        kept.append(grab)
    return tuple(kept)


def pending(
    pushed: Sequence[PushedGrab], confirmed: frozenset[str], now: datetime
) -> tuple[PushedGrab, ...]:
    """The grabs that still stand in for Sonarr's history.

    ``confirmed``: the (upper-case) download ids of grabs Sonarr's history already has.
    """
    return tuple(g for g in bounded(pushed, now) if g.download_id not in confirmed)
