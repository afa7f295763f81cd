"""Scenario: per-episode releases, six torrents in six different states."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from custom_components.status_tracker.tracking.correlate import correlate
from custom_components.status_tracker.tracking.packs import ReleaseType
from custom_components.status_tracker.tracking.status import EpisodeStatus, RequestStatus
from tests.support.world import GIB, World, torrent_hash

# (qBittorrent state, progress, dlspeed, eta)
STATES = {
    1: ("uploading", 1.0, 0, 0),
    2: ("downloading", 0.3, 6_000_000, 900),
    3: ("stalledDL", 0.52, 0, 8640000),
    4: ("stoppedDL", 0.8, 0, 8640000),
    5: ("metaDL", 0.0, 0, 8640000),
    6: ("queuedDL", 0.0, 0, 8640000),
}


def _title(number: int) -> str:
    return f"Salt.Road.S02E{number:02d}.Lantern.1080p.AMZN.WEB-DL.DDP5.1.H.264-NTb"


@pytest.fixture
def world() -> World:
    world = World()
    show = world.add_series(
        7,
        "Salt Road",
        seasons={
            1: (datetime(2025, 3, 2, 2, 0, tzinfo=UTC), 6),
            2: (datetime(2026, 10, 8, 2, 0, tzinfo=UTC), 8),
        },
    )
    world.has_files(show, show.season(1))
    for number, (state, progress, speed, eta) in STATES.items():
        download_id = torrent_hash(f"salt-{number}")
        size = 3 * GIB + number * 1000
        world.download(
            show, [show.ep(2, number)], download_id=download_id, title=_title(number), size=size,
            sizeleft=round(size * (1 - progress)), release_type="SingleEpisode",
        )  # fmt: skip
        world.torrent(
            download_id, _title(number), size=size, progress=progress, state=state,
            dlspeed=speed, eta=eta, has_metadata=state != "metaDL",
        )  # fmt: skip
        world.torrent_files(download_id, [(f"{_title(number)}.mkv", size, progress)])
    return world


def test_each_torrent_decides_its_episode(world: World) -> None:
    request = correlate(world.snapshot()).requests[7]
    season2 = {e.episode: e for e in request.episodes if e.season == 2}

    assert request.reasons == ("activity",)
    assert request.seasons == (2,)  # the season with activity, not the old season 1
    assert season2[1].status is EpisodeStatus.IMPORTING
    assert season2[1].progress == 1.0
    assert not season2[1].waiting_for_pack
    assert season2[2].status is EpisodeStatus.DOWNLOADING
    assert season2[2].progress == pytest.approx(0.3)
    assert season2[2].eta == world.now + timedelta(seconds=900)
    assert season2[3].status is EpisodeStatus.DOWNLOADING
    assert season2[3].stalled
    assert season2[3].eta is None
    assert season2[4].status is EpisodeStatus.DOWNLOADING
    assert season2[4].paused
    assert season2[5].status is EpisodeStatus.FOUND  # metadata only
    assert season2[6].status is EpisodeStatus.FOUND
    assert not season2[6].paused
    assert season2[7].status is EpisodeStatus.SEARCHING  # aired, nothing grabbed
    assert season2[8].status is EpisodeStatus.PENDING  # airs next week
    assert season2[8].air_date == datetime(2026, 11, 26, 2, 0, tzinfo=UTC)
    assert {e.release_type for e in request.episodes if e.download_id} == {
        ReleaseType.SINGLE_EPISODE
    }


def test_figures_add_the_six_downloads(world: World) -> None:
    request = correlate(world.snapshot()).requests[7]
    progress = request.progress

    assert request.status is RequestStatus.DOWNLOADING
    assert len(request.downloads) == 6
    sizes = [3 * GIB + n * 1000 for n in STATES]
    assert progress.bytes_total == sum(sizes)
    assert progress.bytes_done == sum(
        round(size * STATES[n][1]) for n, size in zip(STATES, sizes, strict=True)
    )
    assert progress.eta is None  # the stalled one has no ETA
    assert progress.episodes_total == 8
    assert progress.episodes_aired == 7
    assert progress.summary == (
        "S02 E01 importing · E02 downloading 30 % · E03 downloading 52 % · "
        "E04 downloading 80 % · E05–E06 found · E07 searching · E08 pending"
    )


def test_eta_is_the_latest_when_all_known(world: World) -> None:
    for number in (3, 4, 5, 6):
        world.torrents[torrent_hash(f"salt-{number}")].update(state="downloading", eta=600 * number)
        world.torrents[torrent_hash(f"salt-{number}")]["dlspeed"] = 1000
    request = correlate(world.snapshot()).requests[7]
    assert request.progress.eta == world.now + timedelta(seconds=3600)


def test_search_command_marks_searching_episode(world: World) -> None:
    world.search("EpisodeSearch", {"episodeIds": [world.shows[7].ep(2, 7)["id"]]})
    request = correlate(world.snapshot()).requests[7]
    assert request.episodes[6].status is EpisodeStatus.SEARCHING
    assert request.episodes[6].search_running
    assert not request.episodes[7].search_running  # pending, not searched
