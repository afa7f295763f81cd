"""What each source fetches next: the interest the coordinator hands the sources."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from custom_components.status_tracker.tracking import (
    FILE_LIST_REFRESH,
    FileListRead,
    JellyfinInterest,
    PushedGrab,
    SonarrInterest,
    awaits_client,
    correlate,
    downloads_active,
    file_list_mark,
    file_list_to_read,
    file_lists_wanted,
    jellyfin_interest,
    jellyfin_lacks_waiting_series,
    jellyfin_series_to_read,
    keeps_fast_pace,
    sonarr_series_to_read,
)
from tests.support.world import GIB, NOW, World, torrent_hash
from tests.support.worlds import PACK_HASH, awaiting_jellyfin_world, pack_world, singles_world


def _read(world: World, interest: SonarrInterest) -> set[int]:
    snapshot = world.snapshot()
    return sonarr_series_to_read(
        interest,
        now=world.now,
        series=snapshot.sonarr_series,
        queue=snapshot.sonarr_queue,
        history=snapshot.sonarr_history,
    )


def test_sonarr_reads_the_episodes_of_candidates_only() -> None:
    world = World()
    quiet = world.add_series(
        9, "Quiet Harbour", seasons={1: (datetime(2020, 1, 1, 1, 0, tzinfo=UTC), 3)}
    )
    asked = world.add_series(
        10, "Asked For", seasons={1: (datetime(2026, 1, 1, 1, 0, tzinfo=UTC), 3)}
    )
    request = world.request(asked, [1])
    assert _read(world, SonarrInterest()) == set()  # Jellyseerr's requests are the interest's
    assert _read(world, SonarrInterest(jellyseerr_requests=[request])) == {10}

    # A grab pushed by webhook makes a quiet series a candidate before its history shows it.
    grab = PushedGrab(
        series_id=quiet.id,
        episode_ids=(quiet.ep(1, 2)["id"],),
        download_id=torrent_hash("quiet-2").upper(),
        release_title="Quiet.Harbour.S01E02.720p.HDTV.x264-GRP",
        release_type=None,
        received=NOW,
    )
    assert _read(world, SonarrInterest(pushed_grabs=[grab])) == {9}


def test_file_lists_only_of_torrents_with_several_episodes() -> None:
    assert file_lists_wanted(None) == frozenset()
    assert file_lists_wanted(correlate(pack_world().snapshot())) == {PACK_HASH.lower()}
    assert file_lists_wanted(correlate(singles_world().snapshot())) == frozenset()


def test_fast_pace_while_bytes_are_moving() -> None:
    assert not downloads_active(None)
    assert downloads_active(correlate(pack_world().snapshot()))
    # Imported, waiting for Jellyfin: nothing left to download.
    assert not downloads_active(correlate(awaiting_jellyfin_world().snapshot()))


def _one_download(state: str, *, seeds: int | None = 12, speed: int = 0) -> World:
    """Salt Road S02E02 alone, half downloaded, its torrent in ``state``."""
    world = World()
    show = world.add_series(
        7, "Salt Road", seasons={2: (datetime(2026, 10, 8, 2, 0, tzinfo=UTC), 2)}
    )
    world.request(show, [2])
    download_id = torrent_hash("salt-2")
    title = "Salt.Road.S02E02.1080p.AMZN.WEB-DL.DDP5.1.H.264-NTb"
    world.download(
        show, [show.ep(2, 2)], download_id=download_id, title=title, size=3 * GIB,
        sizeleft=3 * GIB // 2, release_type="SingleEpisode",
    )  # fmt: skip
    torrent = world.torrent(
        download_id, title, size=3 * GIB, progress=0.5, state=state, dlspeed=speed, eta=8640000
    )
    if seeds is None:
        del torrent["num_seeds"]
    else:
        torrent["num_seeds"] = seeds
    return world


@pytest.mark.parametrize(
    ("state", "seeds", "speed", "active"),
    [
        ("downloading", 3, 800_000, True),
        ("forcedDL", 0, 800_000, True),
        ("metaDL", 0, 0, True),
        ("checkingDL", 0, 0, True),
        # Stalled with a seed connected: it only waits to be unchoked.
        ("stalledDL", 1, 0, True),
        # A seed count qBittorrent did not send is no proof of a dead swarm.
        ("stalledDL", None, 0, True),
        # Peerless: no seed connected, nothing arriving.
        ("stalledDL", 0, 0, False),
        ("stoppedDL", 12, 0, False),
        ("pausedDL", 12, 0, False),  # qBittorrent 4.x
        ("queuedDL", 12, 0, False),
        ("error", 12, 0, False),
        ("missingFiles", 12, 0, False),
    ],
)
def test_only_downloads_that_move_bytes_keep_the_fast_pace(
    state: str, seeds: int | None, speed: int, active: bool
) -> None:
    tracked = correlate(_one_download(state, seeds=seeds, speed=speed).snapshot())
    [download] = tracked.requests[7].downloads
    assert download.seeds == seeds
    assert keeps_fast_pace(download) is active
    assert downloads_active(tracked) is active


def test_stopped_errored_and_peerless_torrents_leave_the_pace_to_the_others() -> None:
    """Salt Road: one download runs beside a stalled and a stopped one; without it, none."""
    world = singles_world()
    assert downloads_active(correlate(world.snapshot()))
    for torrent in world.torrents.values():
        if torrent["state"] == "stalledDL":
            torrent["num_seeds"] = 0
        if torrent["state"] == "downloading":
            torrent["state"] = "error"
    assert not downloads_active(correlate(world.snapshot()))


def _just_grabbed(download_id: str, *, minutes_ago: int, status: str = "downloading") -> World:
    """Salt Road's season 2 pack in Sonarr's queue, not (yet) in qBittorrent."""
    world = World()
    show = world.add_series(
        7, "Salt Road", seasons={2: (datetime(2026, 10, 8, 2, 0, tzinfo=UTC), 4)}
    )
    world.request(show, [2])
    world.download(
        show, show.season(2), download_id=download_id, title="Salt.Road.S02.1080p.WEB-DL-NTb",
        size=4 * GIB, sizeleft=3 * GIB, status=status, release_type="SeasonPack",
        grabbed=NOW - timedelta(minutes=minutes_ago),
    )  # fmt: skip
    return world


@pytest.mark.parametrize(
    ("download_id", "minutes_ago", "status", "fast"),
    [
        (torrent_hash("salt-pack"), 1, "downloading", True),
        # Long enough that it would be listed if it were in qBittorrent at all.
        (torrent_hash("salt-pack"), 11, "downloading", False),
        # Another client's id (SABnzbd): qBittorrent will never list it.
        ("SABnzbd_nzo_k3j4h5", 1, "downloading", False),
        (torrent_hash("salt-pack"), 1, "failed", False),
    ],
)
def test_a_torrent_just_grabbed_keeps_the_fast_pace_until_qbittorrent_lists_it(
    download_id: str, minutes_ago: int, status: str, fast: bool
) -> None:
    """Sonarr adds it as it grabs: the next read of qBittorrent has it, and its files."""
    tracked = correlate(
        _just_grabbed(download_id, minutes_ago=minutes_ago, status=status).snapshot()
    )
    [download] = tracked.requests[7].downloads
    assert not download.in_client
    assert awaits_client(download, tracked.now) is fast
    assert downloads_active(tracked) is fast


# -- which file lists to read again -----------------------------------------------------------


def _pack(**fields: Any) -> dict[str, Any]:
    """A downloading pack as merged maindata shows it (qBittorrent 5.2+: ``pieces_have``)."""
    torrent: dict[str, Any] = {
        "state": "downloading",
        "size": 24_000,
        "has_metadata": True,
        "pieces_have": 10,
        "completed": 10_240,
        "progress": 0.42,
    }
    torrent.update(fields)
    return torrent


def _files(*progress: float, skipped: tuple[int, ...] = ()) -> list[dict[str, Any]]:
    return [
        {
            "index": i,
            "name": f"Pack/E{i + 1:02d}.mkv",
            "progress": p,
            "priority": 0 if i in skipped else 1,
        }
        for i, p in enumerate(progress)
    ]


def _to_read(
    torrent: dict[str, Any],
    before: dict[str, Any] | None,
    files: list[dict[str, Any]],
    age: timedelta = timedelta(seconds=5),
) -> FileListRead | None:
    mark = file_list_mark(before) if before is not None else None
    return file_list_to_read(torrent, mark=mark, files=files, age=age)


def test_a_file_list_is_read_whole_the_first_time_and_after_the_safety_interval() -> None:
    files = _files(1.0, 0.5)
    assert _to_read(_pack(), None, []) == FileListRead(None)
    assert _to_read(_pack(), _pack(), files) is None
    assert _to_read(_pack(), _pack(), files, FILE_LIST_REFRESH - timedelta(seconds=1)) is None
    assert _to_read(_pack(), _pack(), files, FILE_LIST_REFRESH) == FileListRead(None)


def test_only_unfinished_wanted_files_are_read_when_pieces_arrive() -> None:
    files = _files(1.0, 0.5, 0.0, 1.0, 0.0, skipped=(4,))
    assert _to_read(_pack(pieces_have=11), _pack(), files) == FileListRead((1, 2))
    # Bytes of an unfinished piece (completed, progress) change no file's progress.
    assert _to_read(_pack(completed=12_000, progress=0.43), _pack(), files) is None
    # A state change between downloading, stalled, stopped or seeding touches no file.
    for state in ("stalledDL", "stoppedDL", "queuedDL", "stalledUP"):
        assert _to_read(_pack(state=state), _pack(), files) is None
    # Every wanted file finished: the new pieces held nothing that matters.
    done = _files(1.0, 1.0, skipped=(1,))
    assert _to_read(_pack(pieces_have=11), _pack(), done) is None


@pytest.mark.parametrize(
    "change",
    [
        {"size": 20_000},  # files selected or skipped
        {"has_metadata": False},
        {"state": "checkingDL"},  # a recheck may undo finished files
        {"state": "missingFiles"},
        {"state": "moving"},
        {"pieces_have": 9},  # progress went back
    ],
)
def test_the_whole_list_is_read_when_any_file_may_have_changed(change: dict[str, Any]) -> None:
    assert _to_read(_pack(**change), _pack(), _files(1.0, 0.5)) == FileListRead(None)
    # ... and coming back from such a state too.
    if "state" in change:
        assert _to_read(_pack(), _pack(**change), _files(1.0, 0.5)) == FileListRead(None)


def test_servers_without_pieces_have_fall_back_to_completed_bytes() -> None:
    """qBittorrent 4.6 to 5.1 do not send ``pieces_have``."""
    old = _pack()
    del old["pieces_have"]
    moved = dict(old, completed=11_000)
    assert _to_read(moved, old, _files(1.0, 0.5)) == FileListRead((1,))
    assert _to_read(dict(old), old, _files(1.0, 0.5)) is None
    # The server was upgraded meanwhile: what progress means changed, read everything.
    assert _to_read(_pack(), old, _files(1.0, 0.5)) == FileListRead(None)
    # A list without indexes (WebAPI < 2.8.2) cannot be read in part.
    unindexed = [{k: v for k, v in f.items() if k != "index"} for f in _files(1.0, 0.5)]
    assert _to_read(moved, old, unindexed) == FileListRead(None)


def test_jellyfin_reads_again_after_news_or_while_an_episode_waits() -> None:
    world = awaiting_jellyfin_world()
    snapshot = world.snapshot()
    state = correlate(snapshot)
    (jellyfin_id,) = {s["Id"] for s in snapshot.jellyfin_series or ()}
    interest = jellyfin_interest(
        now=NOW, sonarr_series=snapshot.sonarr_series, candidates={8}, news={}, state=state
    )
    assert interest.waiting == frozenset({8})
    tracked, urgent = jellyfin_series_to_read(interest, snapshot.jellyfin_series or (), {})
    assert tracked == urgent == {jellyfin_id}

    quiet = JellyfinInterest(now=NOW, sonarr_series=interest.sonarr_series)
    read_at = {jellyfin_id: NOW}
    tracked, urgent = jellyfin_series_to_read(quiet, snapshot.jellyfin_series or (), read_at)
    assert (tracked, urgent) == ({jellyfin_id}, set())

    news = JellyfinInterest(
        now=NOW, sonarr_series=interest.sonarr_series, news={8: NOW + timedelta(seconds=1)}
    )
    assert jellyfin_series_to_read(news, snapshot.jellyfin_series or (), read_at)[1] == {
        jellyfin_id
    }
    stale = JellyfinInterest(
        now=NOW, sonarr_series=interest.sonarr_series, news={8: NOW - timedelta(minutes=1)}
    )
    assert jellyfin_series_to_read(stale, snapshot.jellyfin_series or (), read_at)[1] == set()

    others = jellyfin_interest(
        now=NOW, sonarr_series=snapshot.sonarr_series, candidates=set(), news={}, state=None
    )
    assert others.sonarr_series == ()
    assert jellyfin_series_to_read(others, snapshot.jellyfin_series or (), {}) == (set(), set())


def test_jellyfin_series_list_is_read_again_until_it_holds_a_waiting_series() -> None:
    """A series new to Jellyfin shows with a scan after the import push: keep looking."""
    snapshot = awaiting_jellyfin_world().snapshot()
    listed = snapshot.jellyfin_series or ()
    interest = jellyfin_interest(
        now=NOW,
        sonarr_series=snapshot.sonarr_series,
        candidates={8},
        news={},
        state=correlate(snapshot),
    )
    assert interest.waiting == frozenset({8})
    assert jellyfin_lacks_waiting_series(interest, ()) is True
    assert jellyfin_lacks_waiting_series(interest, listed) is False
    quiet = JellyfinInterest(now=NOW, sonarr_series=interest.sonarr_series)
    assert jellyfin_lacks_waiting_series(quiet, ()) is False
