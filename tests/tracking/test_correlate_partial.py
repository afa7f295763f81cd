"""Scenario: a partially available show, season 1 done and season 2 in progress."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from custom_components.status_tracker.tracking.correlate import correlate
from custom_components.status_tracker.tracking.status import EpisodeStatus, RequestStatus
from tests.support.world import GIB, World, torrent_hash

E01 = torrent_hash("northwind-s02e01")
E02 = torrent_hash("northwind-s02e02")


def _title(number: int) -> str:
    return f"Northwind.S02E{number:02d}.1080p.WEB.h264-ETHEL"


@pytest.fixture
def world() -> World:
    world = World()
    show = world.add_series(
        3,
        "Northwind",
        seasons={
            1: (datetime(2025, 1, 10, 1, 0, tzinfo=UTC), 12),
            # E01-E03 aired (the last one this morning), E04-E12 to come.
            2: (datetime(2026, 11, 7, 1, 0, tzinfo=UTC), 12),
        },
    )
    world.request(show, [1, 2], created=datetime(2025, 1, 3, tzinfo=UTC))
    world.has_files(show, show.season(1))
    for number, download_id, progress in ((1, E01, 0.45), (2, E02, 0.12)):
        world.download(
            show, [show.ep(2, number)], download_id=download_id, title=_title(number),
            size=2 * GIB, sizeleft=round(2 * GIB * (1 - progress)),
        )  # fmt: skip
        world.torrent(download_id, _title(number), size=2 * GIB, progress=progress)
    return world


def test_summary_and_status(world: World) -> None:
    request = correlate(world.snapshot()).requests[3]
    progress = request.progress

    assert progress.summary == (
        "S01 E01–E12 available · S02 E01 downloading 45 % · E02 downloading 12 % · "
        "E03 searching · E04–E12 pending"
    )
    assert request.status is RequestStatus.DOWNLOADING
    assert progress.episodes_total == 24
    assert progress.episodes_aired == 15
    assert progress.episodes_available == 12
    assert progress.percent_episodes == 80.0  # 12 of the 15 aired
    assert [(s.season, s.episodes_available, s.episodes_total) for s in progress.seasons] == [
        (1, 12, 12),
        (2, 0, 12),
    ]
    assert request.requested_seasons == (1, 2)
    assert request.requested_at == datetime(2025, 1, 3, tzinfo=UTC)
    pending = request.episodes[-1]
    assert pending.status is EpisodeStatus.PENDING
    assert pending.air_date == datetime(2027, 1, 23, 1, 0, tzinfo=UTC)


def test_nothing_in_progress_is_partially_available(world: World) -> None:
    world.queue.clear()
    world.torrents.clear()
    request = correlate(world.snapshot()).requests[3]
    assert request.status is RequestStatus.PARTIALLY_AVAILABLE
    assert request.progress.percent_bytes is None  # no download, no byte figure


def test_unaired_episodes_do_not_block_completion_and_a_later_grab_reopens(
    world: World,
) -> None:
    show = world.shows[3]
    first = correlate(world.snapshot())
    world.queue.clear()
    world.torrents.clear()
    world.has_files(show, show.eps(2, [1, 2, 3]))
    world.now += timedelta(hours=1)
    second = correlate(world.snapshot(), first)
    request = second.requests[3]
    assert request.status is RequestStatus.AVAILABLE
    assert request.complete
    assert request.progress.percent_episodes == 100.0
    assert request.progress.summary.endswith("S02 E01–E03 available · E04–E12 pending")

    # A week later E04 airs and Sonarr grabs it: the same request opens again.
    world.now += timedelta(days=7)
    download_id = torrent_hash("northwind-s02e04")
    world.download(show, [show.ep(2, 4)], download_id=download_id, title=_title(4), size=GIB)
    world.torrent(download_id, _title(4), size=GIB, progress=0.0, state="metaDL")
    third = correlate(world.snapshot(), second)
    request = third.requests[3]
    assert request.status is RequestStatus.FOUND  # grabbed, metadata only: nothing arriving
    assert not request.complete
    assert [t.status for t in request.transitions] == ["downloading", "available", "found"]
    assert [(e.episode_id, e.status) for e in third.events] == [
        (show.ep(2, 4)["id"], "found"),
        (None, "found"),
    ]
