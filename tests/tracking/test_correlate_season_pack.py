"""Scenario: a 13-episode season pack, one torrent, files finishing out of order."""

from __future__ import annotations

from datetime import timedelta

import pytest

from custom_components.status_tracker.tracking.correlate import correlate
from custom_components.status_tracker.tracking.packs import ReleaseType
from custom_components.status_tracker.tracking.status import EpisodeStatus, RequestStatus
from tests.support.world import World
from tests.support.worlds import (
    PACK,
    PACK_HASH as HASH,
    PROGRESS,
    SIZES,
    pack_done,
    pack_files,
    pack_total,
    pack_world,
)


@pytest.fixture
def world() -> World:
    return pack_world()


def test_each_episode_has_its_own_files_progress(world: World) -> None:
    state = correlate(world.snapshot())
    request = state.requests[1]
    by_number = {e.episode: e for e in request.episodes}

    assert [e.episode for e in request.episodes] == list(range(1, 14))
    assert by_number[1].status is EpisodeStatus.DOWNLOADING
    assert by_number[1].progress == pytest.approx(0.45, abs=1e-6)
    assert by_number[2].progress == pytest.approx(0.12, abs=1e-6)
    assert by_number[12].status is EpisodeStatus.DOWNLOADING
    for number in (3, 7):
        episode = by_number[number]
        assert episode.status is EpisodeStatus.IMPORTING
        assert episode.waiting_for_pack  # the file is done, the pack is not
        assert episode.progress == 1.0
    for number in (4, 5, 6, 8, 9, 10, 11, 13):
        assert by_number[number].status is EpisodeStatus.FOUND
        assert by_number[number].progress == 0.0
    assert by_number[1].size_bytes == SIZES[1]
    assert by_number[1].downloaded_bytes == int(SIZES[1] * 0.45)
    assert all(e.release_type is ReleaseType.SEASON_PACK for e in request.episodes)
    assert by_number[1].download_id == HASH.upper()
    assert by_number[1].release_title == PACK
    assert by_number[1].speed == 4_000_000
    assert by_number[1].eta == world.now + timedelta(seconds=1800)


def test_request_figures_count_each_file_once(world: World) -> None:
    request = correlate(world.snapshot()).requests[1]
    progress = request.progress

    assert request.status is RequestStatus.DOWNLOADING
    assert request.reasons == ("jellyseerr", "activity")
    assert request.requested_by == "maria"
    (download,) = request.downloads
    assert download.release_type is ReleaseType.SEASON_PACK
    assert download.files_mapped == 13
    assert (download.release_group, download.resolution) == ("FLUX", "1080p")
    assert download.episode_ids == tuple(range(1001, 1014))
    # Per file: the sample and the .nfo hold no episode; Sonarr's 13 records repeat the size.
    assert progress.bytes_total == sum(SIZES.values())
    assert progress.bytes_done == sum(int(SIZES[n] * p) for n, p in PROGRESS.items())
    assert progress.percent_bytes == pytest.approx(
        100 * progress.bytes_done / progress.bytes_total, abs=0.05
    )
    assert progress.episodes_total == 13
    assert progress.episodes_available == 0
    assert progress.eta == world.now + timedelta(seconds=1800)
    assert progress.summary == (
        "S01 E01 downloading 45 % · E02 downloading 12 % · E03 importing · E04–E06 found · "
        "E07 importing · E08–E11 found · E12 downloading 60 % · E13 found"
    )


def test_before_its_file_list_is_read_the_pack_is_counted_once_and_no_episode_claims_it(
    world: World,
) -> None:
    """The first cycles after a grab: the torrent moves, whose files is not known yet.

    Giving every episode the torrent's progress would make all of them "downloading" and send
    those whose files have not started back to "found" once the list is read: they stay found
    until then (they only ever move forward), while the request counts the torrent's bytes once.
    """
    request = correlate(world.snapshot(torrent_files={})).requests[1]

    torrent = world.torrents[HASH]
    assert torrent["progress"] > 0
    assert {e.status for e in request.episodes} == {EpisodeStatus.FOUND}
    assert {e.progress for e in request.episodes} == {0.0}
    assert request.progress.summary == "S01 E01–E13 found"  # one range
    assert request.progress.bytes_total == pack_total()
    assert request.progress.bytes_done == pack_total() - torrent["amount_left"]
    assert request.downloads[0].files_mapped == 0


def test_without_qbittorrent_sonarr_bytes_are_counted_once(world: World) -> None:
    request = correlate(world.snapshot(torrents=None, torrent_files=None)).requests[1]

    left = pack_total() - pack_done(PROGRESS)
    assert request.progress.bytes_total == pack_total()  # not 13 times Sonarr's repeated size
    assert request.progress.bytes_done == pack_total() - left
    assert request.progress.eta == world.now + timedelta(hours=1)  # Sonarr's estimate
    assert all(e.status is EpisodeStatus.DOWNLOADING for e in request.episodes)
    assert request.downloads[0].in_client is False


def test_unknown_eta_stalled_and_paused(world: World) -> None:
    world.torrents[HASH].update(eta=8640000, state="stalledDL", dlspeed=0)
    request = correlate(world.snapshot()).requests[1]
    first = request.episodes[0]
    assert first.stalled
    assert first.eta is None
    assert request.progress.eta is None  # 8640000 is "unknown", not 100 days

    world.torrents[HASH].update(state="stoppedDL")
    request = correlate(world.snapshot()).requests[1]
    assert request.episodes[0].status is EpisodeStatus.DOWNLOADING
    assert request.episodes[0].paused
    assert request.episodes[3].status is EpisodeStatus.FOUND
    assert request.episodes[3].paused


def test_pack_lifecycle_to_available_with_timeline(world: World) -> None:
    show = world.shows[1]
    first = correlate(world.snapshot())
    assert {e.status for e in first.events if e.episode_id is None} == {"downloading"}

    # Everything downloaded: Sonarr waits to import the whole torrent.
    total = pack_total()
    world.torrents[HASH].update(progress=1.0, amount_left=0, state="stalledUP", eta=8640000)
    world.torrent_files(HASH, pack_files(dict.fromkeys(SIZES, 1.0)))
    for record in world.queue:
        record.update(trackedDownloadState="importPending", status="completed", sizeleft=0.0)
    second = correlate(world.snapshot(), first)
    request = second.requests[1]
    assert request.status is RequestStatus.IMPORTING
    assert all(e.status is EpisodeStatus.IMPORTING for e in request.episodes)
    assert not any(e.waiting_for_pack for e in request.episodes)
    assert request.progress.bytes_done == request.progress.bytes_total == sum(SIZES.values())
    assert request.progress.eta is None  # nothing left to download
    assert total == world.torrents[HASH]["size"]

    # Sonarr imported it; Jellyfin has scanned 10 of 13 so far.
    world.queue.clear()
    world.imported(show, show.season(1), download_id=HASH, date=world.now)
    world.has_files(show, show.season(1), jellyfin=False)
    world.jellyfin_lists(show, show.eps(1, range(1, 11)))
    world.now += timedelta(minutes=5)
    third = correlate(world.snapshot(), second)
    request = third.requests[1]
    assert request.status is RequestStatus.IMPORTING
    assert [e.awaiting_jellyfin for e in request.episodes[10:]] == [True] * 3
    assert request.progress.episodes_available == 10
    assert request.downloads == ()  # the seeding torrent is Sonarr's past, not a download

    world.jellyfin_lists(show, show.eps(1, range(11, 14)))
    world.now += timedelta(minutes=5)
    fourth = correlate(world.snapshot(), third)
    request = fourth.requests[1]
    assert request.status is RequestStatus.AVAILABLE
    assert request.complete
    assert request.progress.percent_episodes == 100.0
    assert [t.status for t in request.transitions] == ["downloading", "importing", "available"]
    assert request.since == world.now
    assert request.episodes[0].since == world.now - timedelta(minutes=5)
    # E13: found -> importing -> available.
    memory = fourth.timeline.requests[1].episodes[1013]
    assert [t.status for t in memory.transitions] == ["found", "importing", "available"]

    # Nothing changed: no new event, same timeline.
    fifth = correlate(world.snapshot(), fourth)
    assert fifth.events == ()
    assert fifth.timeline == fourth.timeline
