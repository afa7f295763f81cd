"""Scenario: Sonarr imported an episode, Jellyfin has not listed it yet ("stuck at importing")."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from custom_components.status_tracker.tracking.correlate import correlate
from custom_components.status_tracker.tracking.status import EpisodeStatus, RequestStatus
from tests.support.world import GIB, World, torrent_hash

TITLE = "Lowland.S01E03.1080p.WEB.h264-GRACE"
HASH = torrent_hash("lowland-3")


@pytest.fixture
def world() -> World:
    world = World()
    show = world.add_series(8, "Lowland", seasons={1: (datetime(2026, 11, 1, 1, 0, tzinfo=UTC), 4)})
    world.request(show, [1])
    world.has_files(show, show.eps(1, [1, 2]))
    world.download(show, [show.ep(1, 3)], download_id=HASH, title=TITLE, size=GIB, sizeleft=0,
                   state="imported", status="completed")  # fmt: skip
    world.torrent(HASH, TITLE, size=GIB, progress=1.0, state="uploading")
    world.has_files(show, [show.ep(1, 3)], jellyfin=False)
    return world


def test_imported_but_not_in_jellyfin_is_distinguishable(world: World) -> None:
    request = correlate(world.snapshot()).requests[8]
    third = request.episodes[2]
    assert third.status is EpisodeStatus.IMPORTING
    assert third.awaiting_jellyfin
    assert not third.import_blocked
    assert request.status is RequestStatus.IMPORTING
    assert request.progress.bytes_total == 0  # an imported download is no longer in flight


def test_resolves_once_jellyfin_lists_it(world: World) -> None:
    show = world.shows[8]
    first = correlate(world.snapshot())
    world.jellyfin_lists(show, [show.ep(1, 3)])
    world.queue.clear()
    world.now += timedelta(minutes=2)
    second = correlate(world.snapshot(), first)
    third = second.requests[8].episodes[2]
    assert third.status is EpisodeStatus.AVAILABLE
    assert not third.awaiting_jellyfin
    assert [(e.episode_id, e.previous, e.status) for e in second.events] == [
        (show.ep(1, 3)["id"], "importing", "available"),
        (None, "importing", "available"),
    ]


def test_import_blocked_carries_sonarrs_message(world: World) -> None:
    show = world.shows[8]
    world.queue.clear()
    blocked = torrent_hash("lowland-4")
    world.download(
        show, [show.ep(1, 4)], download_id=blocked, title="Lowland.S01E04.1080p.WEB.h264-GRACE",
        size=GIB, sizeleft=0, state="importBlocked", status="completed",
        messages=[("Lowland.S01E04.1080p.WEB.h264-GRACE.mkv",
                   ["Episode has a TBA title and recently aired"])],
    )  # fmt: skip
    request = correlate(world.snapshot()).requests[8]
    fourth = request.episodes[3]
    assert fourth.status is EpisodeStatus.IMPORTING
    assert fourth.import_blocked
    assert fourth.messages == (
        "Lowland.S01E04.1080p.WEB.h264-GRACE.mkv: Episode has a TBA title and recently aired",
    )


def test_without_jellyfin_sonarrs_files_count(world: World) -> None:
    request = correlate(world.snapshot(jellyfin_series=None, jellyfin_episodes=None)).requests[8]
    assert [e.status for e in request.episodes[:3]] == [EpisodeStatus.AVAILABLE] * 3
    assert request.jellyfin_id is None
