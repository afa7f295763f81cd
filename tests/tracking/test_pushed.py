"""Grabs pushed by Sonarr's webhook: what they stand in for, and when they stop counting."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from custom_components.status_tracker.clients.payloads.sonarr_webhook import (
    parse_sonarr_webhook,
)
from custom_components.status_tracker.tracking import (
    EpisodeStatus,
    PushedGrab,
    bound_pushed_grabs,
    correlate,
    pushed_grab,
)
from custom_components.status_tracker.tracking.pushed import MAX_AGE, MAX_EPISODES
from tests.support.sonarr_payloads import DOWNLOAD_FILE, GRAB, HASH
from tests.support.world import NOW, Show, World, torrent_hash

TITLE = "Tide.Pool.S01E02.1080p.WEB.h264-GRP"


def _world() -> tuple[World, Show]:
    world = World()
    show = world.add_series(
        4, "Tide Pool", seasons={1: (datetime(2026, 9, 1, 1, 0, tzinfo=UTC), 4)}
    )
    world.request(show, [1])
    world.has_files(show, [show.ep(1, 1)])
    return world, show


def _grab(show: Show, numbers: list[int], *, download_id: str, at: datetime) -> PushedGrab:
    return PushedGrab(
        series_id=show.id,
        episode_ids=tuple(show.ep(1, n)["id"] for n in numbers),
        download_id=download_id.upper(),
        release_title=TITLE,
        release_type="singleEpisode",
        received=at,
    )


def test_a_grab_event_becomes_a_pushed_grab() -> None:
    event = parse_sonarr_webhook(GRAB)
    grab = pushed_grab(event, NOW)
    assert grab is not None
    assert grab.series_id == event.series_id
    assert grab.episode_ids == event.episode_ids
    assert grab.download_id == HASH.upper()
    assert grab.received == NOW
    assert pushed_grab(parse_sonarr_webhook(DOWNLOAD_FILE), NOW) is None
    without_download = parse_sonarr_webhook({**GRAB, "downloadId": "  "})
    assert pushed_grab(without_download, NOW) is None


def test_a_pushed_grab_counts_until_the_history_has_it() -> None:
    world, show = _world()
    download_id = torrent_hash("tide-2")
    grab = _grab(show, [2], download_id=download_id, at=NOW - timedelta(seconds=20))

    state = correlate(world.snapshot(pushed_grabs=[grab]))
    episode = {e.episode: e for e in state.requests[4].episodes}[2]
    assert episode.status is EpisodeStatus.FOUND
    assert episode.release_title == TITLE
    assert state.pushed_grabs == (grab,)

    # Sonarr's history now has the grab: the pushed one is done, nothing is counted twice.
    world.grab(show, [show.ep(1, 2)], download_id=download_id, title=TITLE, date=NOW)
    state = correlate(world.snapshot(pushed_grabs=[grab]))
    assert state.pushed_grabs == ()
    (download,) = state.requests[4].downloads
    assert download.episode_ids == (show.ep(1, 2)["id"],)


def test_what_sonarr_does_not_know_is_ignored() -> None:
    world, show = _world()
    stranger = PushedGrab(
        series_id=999,
        episode_ids=(1,),
        download_id=torrent_hash("x").upper(),
        release_title=TITLE,
        release_type=None,
        received=NOW,
    )
    unknown_episode = PushedGrab(
        series_id=show.id,
        episode_ids=(987654,),
        download_id=torrent_hash("y").upper(),
        release_title=TITLE,
        release_type=None,
        received=NOW,
    )
    state = correlate(world.snapshot(pushed_grabs=[stranger, unknown_episode]))
    assert state.pushed_grabs == ()
    assert 999 not in state.requests
    assert state.requests[4].downloads == ()


def test_pushed_grabs_are_bounded_by_age_and_count() -> None:
    world, show = _world()
    old = _grab(show, [2], download_id=torrent_hash("old"), at=NOW - MAX_AGE - timedelta(1))
    future = _grab(show, [3], download_id=torrent_hash("fut"), at=NOW + MAX_AGE + timedelta(1))
    assert bound_pushed_grabs([old, future], NOW) == ()
    assert correlate(world.snapshot(pushed_grabs=[old])).requests[4].downloads == ()

    flood = [
        PushedGrab(
            series_id=show.id,
            episode_ids=tuple(range(1, 1001)),
            download_id=torrent_hash(f"flood-{n}").upper(),
            release_title=TITLE,
            release_type=None,
            received=NOW - timedelta(seconds=n),
        )
        for n in range(5)
    ]
    kept = bound_pushed_grabs(flood, NOW)
    assert sum(len(g.episode_ids) for g in kept) <= MAX_EPISODES
    assert kept == tuple(flood[: MAX_EPISODES // 1000])  # the newest first
