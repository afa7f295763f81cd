"""Scenario: torrents Sonarr no longer knows, and grabs not yet in the queue."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from custom_components.status_tracker.tracking.correlate import correlate
from custom_components.status_tracker.tracking.status import EpisodeStatus, RequestStatus
from tests.support.world import GIB, World, torrent_hash

TITLE = "Glass.Orchard.S01E0{}.720p.HDTV.x264-SYNCOPY"


@pytest.fixture
def world() -> World:
    world = World()
    show = world.add_series(
        6, "Glass Orchard", seasons={1: (datetime(2026, 10, 1, 1, 0, tzinfo=UTC), 6)}
    )
    world.has_files(show, show.eps(1, [1]))
    return world


def test_torrent_only_in_history_still_counts(world: World) -> None:
    show = world.shows[6]
    downloading = torrent_hash("orchard-2")
    done = torrent_hash("orchard-3")
    seeding = torrent_hash("orchard-1")
    for number, download_id in ((2, downloading), (3, done), (1, seeding)):
        world.grab(show, [show.ep(1, number)], download_id=download_id,
                   title=TITLE.format(number), date=world.now - timedelta(days=2))  # fmt: skip
    world.torrent(downloading, TITLE.format(2), size=GIB, progress=0.35)
    world.torrent(done, TITLE.format(3), size=GIB, progress=1.0, state="stalledUP")
    world.torrent(seeding, TITLE.format(1), size=GIB, progress=1.0, state="uploading")

    state = correlate(world.snapshot())
    request = state.requests[6]
    episodes = {e.episode: e for e in request.episodes}
    assert request.reasons == ("activity",)
    assert episodes[2].status is EpisodeStatus.DOWNLOADING
    assert episodes[2].download is not None
    assert not episodes[2].download.tracked
    assert episodes[2].download.in_client
    assert episodes[3].status is EpisodeStatus.IMPORTING  # done, Sonarr will not import it
    assert episodes[1].status is EpisodeStatus.AVAILABLE
    assert not episodes[1].upgrading  # the seeding torrent is the file it has
    assert {d.download_id for d in request.downloads} == {downloading.upper(), done.upper()}
    assert state.untracked_torrents == ()


def test_torrent_nobody_knows_is_listed_apart(world: World) -> None:
    stray = torrent_hash("stray")
    world.torrent(stray, "Some.Other.Show.S03E04.1080p.WEB.h264-GRP", size=GIB, progress=0.5)
    finished = torrent_hash("finished")
    world.torrent(finished, "Old.Movie.2019.1080p.BluRay.x264-GRP", size=GIB, progress=1.0)
    state = correlate(world.snapshot())
    assert state.untracked_torrents == (stray,)
    assert state.requests == {}  # old gaps and strays never create requests


def test_fresh_grab_is_found_before_the_queue_catches_up(world: World) -> None:
    show = world.shows[6]
    fresh = torrent_hash("orchard-4")
    world.grab(show, [show.ep(1, 4)], download_id=fresh, title=TITLE.format(4),
               date=world.now - timedelta(minutes=1))  # fmt: skip
    request = correlate(world.snapshot()).requests[6]
    assert request.episodes[3].status is EpisodeStatus.FOUND
    assert request.status is RequestStatus.FOUND

    world.now += timedelta(minutes=30)  # still nothing in the queue nor in qBittorrent
    request = correlate(world.snapshot()).requests[6]
    assert request.episodes[3].status is EpisodeStatus.SEARCHING


def test_upgrade_of_an_available_episode(world: World) -> None:
    show = world.shows[6]
    proper = torrent_hash("orchard-1-proper")
    world.download(show, [show.ep(1, 1)], download_id=proper,
                   title="Glass.Orchard.S01E01.PROPER.1080p.WEB.h264-SYNCOPY", size=GIB,
                   sizeleft=GIB // 2)  # fmt: skip
    world.torrent(proper, "Glass.Orchard.S01E01.PROPER.1080p.WEB.h264-SYNCOPY", size=GIB,
                  progress=0.5)  # fmt: skip
    request = correlate(world.snapshot()).requests[6]
    first = request.episodes[0]
    assert first.status is EpisodeStatus.AVAILABLE
    assert first.upgrading
    assert first.progress == 1.0
    assert first.download_id == proper.upper()
    assert request.status is RequestStatus.PARTIALLY_AVAILABLE  # the upgrade is no gap
