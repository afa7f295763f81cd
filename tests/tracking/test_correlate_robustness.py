"""Malformed input degrades locally; the injected parser is optional and never fatal."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
import importlib
from typing import Any

import pytest

from custom_components.status_tracker.tracking import release
from custom_components.status_tracker.tracking.correlate import correlate
from custom_components.status_tracker.tracking.parsing import MemoParser, default_parser
from custom_components.status_tracker.tracking.release import ReleaseInfo, parse_release
from custom_components.status_tracker.tracking.snapshot import Snapshot
from custom_components.status_tracker.tracking.status import EpisodeStatus, RequestStatus
from tests.support.world import GIB, NOW, World, torrent_hash

# The module, not the function of the same name the package exports.
correlate_module = importlib.import_module("custom_components.status_tracker.tracking.correlate")

PACK = "Salt.Road.S01.1080p.WEB.h264-GRP"


def _world() -> World:
    world = World()
    for series_id, title in ((1, "Harbor Lights"), (2, "Salt Road"), (3, "Northwind")):
        show = world.add_series(
            series_id, title, seasons={1: (datetime(2026, 9, 1, 1, 0, tzinfo=UTC), 4)}
        )
        world.request(show, [1])
    show = world.shows[2]
    download_id = torrent_hash("salt-pack")
    world.download(show, show.season(1), download_id=download_id, title=PACK, size=4 * GIB)
    world.torrent(download_id, PACK, size=4 * GIB, progress=0.5)
    world.torrent_files(
        download_id,
        [(f"{PACK}/Salt.Road.S01E0{n}.1080p.WEB.h264-GRP.mkv", GIB, n / 4) for n in range(1, 5)],
    )
    return world


def test_an_internal_error_costs_one_request(monkeypatch: pytest.MonkeyPatch) -> None:
    world = _world()
    healthy = correlate(world.snapshot())
    original = correlate_module._Run._build

    def broken(self: Any, series: Any, *args: Any, **kwargs: Any) -> Any:
        if series.id == 2:
            raise ZeroDivisionError("boom")
        return original(self, series, *args, **kwargs)

    monkeypatch.setattr(correlate_module._Run, "_build", broken)
    state = correlate(world.snapshot(), healthy)
    assert sorted(state.requests) == [1, 3]
    assert state.requests[1] == healthy.requests[1]
    assert state.problems == ("series 2: internal error ZeroDivisionError: boom",)
    assert state.failed_series == frozenset({2})
    # Its memory is kept as it was: when it works again, nothing looks like a change.
    assert state.timeline == healthy.timeline
    assert state.events == ()
    assert 2 not in correlate(world.snapshot()).timeline.requests  # nothing to keep
    monkeypatch.setattr(correlate_module._Run, "_build", original)
    assert correlate(world.snapshot(), state).events == ()


def test_a_failing_parser_costs_one_name() -> None:
    def parser(name: str, /, *, anime: bool | None = None) -> ReleaseInfo:
        if name == PACK:
            raise ValueError("cannot")
        if name.endswith("S01E03.1080p.WEB.h264-GRP.mkv"):
            return "nonsense"  # type: ignore[return-value]
        return parse_release(name, anime=anime)

    state = correlate(_world().snapshot(), parse=parser)
    request = state.requests[2]
    assert request.status is RequestStatus.DOWNLOADING
    assert [e.progress for e in request.episodes] == [0.25, 0.5, 0.5, 1.0]  # E03: the torrent's
    assert state.problems == (
        f"parser failed on {PACK!r}: ValueError",
        f"parser returned str for '{PACK}/Salt.Road.S01E03.1080p.WEB.h264-GRP.mkv'",
    )


def test_default_parser_until_the_real_one_exists(monkeypatch: pytest.MonkeyPatch) -> None:
    assert default_parser() is parse_release
    monkeypatch.delattr(release, "parse_release")
    fallback = default_parser()
    assert fallback("Show.S01E01.mkv", anime=True) == ReleaseInfo(title="Show.S01E01.mkv")
    memo = MemoParser(fallback)
    assert memo("x", None) is memo("x", None)


def test_naive_now_and_list_of_torrents() -> None:
    world = _world()
    torrents = [*world.torrents.values(), {"name": "no hash"}, {"hash": "  "}, "garbage"]
    snapshot = world.snapshot(now=NOW.replace(tzinfo=None), torrents=torrents)
    state = correlate(snapshot)
    assert state.requests[2].episodes[1].status is EpisodeStatus.DOWNLOADING
    assert state.now == NOW
    assert state.problems == ("qBittorrent torrent without a hash skipped",) * 2


def test_damaged_records_are_reported_and_skipped() -> None:
    world = _world()
    world.series.append(dict(world.series[0]))  # listed twice
    world.series.append({"title": "no id"})
    world.episodes.append({"id": 5, "seasonNumber": 1})  # no series
    world.episodes.append({"seriesId": 1, "id": "x", "seasonNumber": 1, "episodeNumber": 9})
    world.episodes.append({**world.shows[1].ep(1, 1)})  # the same episode again
    world.queue.append({"id": 1, "downloadId": "ABC", "title": "unknown series item"})
    world.history.append({"eventType": "grabbed", "seriesId": 1})
    world.history.append({"eventType": "episodeFileRenamed", "seriesId": 1, "episodeId": 1001})
    state = correlate(world.snapshot())
    assert sorted(state.requests) == [1, 2, 3]
    assert [e.episode for e in state.requests[1].episodes] == [1, 2, 3, 4]
    assert state.problems == (
        "Sonarr series 1 listed twice; first kept",
        "Sonarr series without an id skipped",
        "Sonarr episode without a series id skipped",
        "series 1: unreadable episode skipped",
    )


def test_episode_slow_path_reads_the_same() -> None:
    world = _world()
    episode = world.shows[1].ep(1, 2)
    fast = correlate(world.snapshot()).requests[1].episodes[1]
    episode.update(id=1002.0, seasonNumber=1.0, sceneAbsoluteEpisodeNumber=None)
    slow = correlate(world.snapshot()).requests[1].episodes[1]
    assert slow == fast
    episode.update(hasFile=None, monitored=None, airDateUtc=None, title=7)
    odd = correlate(world.snapshot()).requests[1].episodes[1]
    assert odd.monitored  # unknown reads as monitored
    assert odd.status is EpisodeStatus.PENDING  # no air date: not aired as far as we know
    assert odd.title is None


def test_nothing_at_all() -> None:
    state = correlate(Snapshot(now=NOW))
    assert state.requests == {}
    assert state.problems == ()
    garbage = Snapshot(
        now=NOW,
        sonarr_series="x",  # type: ignore[arg-type]
        sonarr_episodes=5,  # type: ignore[arg-type]
        torrents=3,  # type: ignore[arg-type]
        torrent_files=[1],  # type: ignore[arg-type]
        jellyfin_series={},  # type: ignore[arg-type]
        jellyseerr_requests=None,
    )
    assert correlate(garbage).requests == {}


def test_commands_mark_running_searches() -> None:
    world = _world()
    world.now = datetime(2026, 9, 30, tzinfo=UTC)  # E01-E04 aired, nothing grabbed for 1 and 3
    world.search("SeriesSearch", {"seriesId": 1})
    world.search("SeasonSearch", {"seriesId": 3, "seasonNumber": 1}, status="queued")
    world.search("RefreshSeries", {"seriesId": 3})
    state = correlate(world.snapshot())
    assert all(e.search_running for e in state.requests[1].episodes)
    assert all(e.search_running for e in state.requests[3].episodes)

    world.commands.clear()
    world.search("MissingEpisodeSearch", {})
    state = correlate(world.snapshot())
    assert all(e.search_running for e in state.requests[3].episodes)
    world.commands.clear()
    world.search("SeriesSearch", {"seriesId": 1}, status="completed")
    state = correlate(world.snapshot())
    assert not any(e.search_running for e in state.requests[1].episodes)


def test_retention_comes_from_the_snapshot() -> None:
    world = _world()
    fresh = world.add_series(
        9, "Ember Line", added=NOW - timedelta(days=3),
        seasons={1: (datetime(2027, 1, 1, tzinfo=UTC), 2)},
    )  # fmt: skip
    assert fresh.id in correlate(world.snapshot()).requests
    short = world.snapshot(retention=timedelta(days=1))
    assert fresh.id not in correlate(short).requests


def test_odd_but_valid_shapes() -> None:
    from collections import UserDict

    world = _world()
    show = world.shows[2]
    download_id = torrent_hash("salt-pack")
    # An import event without a download id, two grabs and two failures of one episode.
    world.history.append({"eventType": "downloadFolderImported", "seriesId": 2, "episodeId": 2001})
    first = show.ep(1, 1)
    harbor_first = [world.shows[1].ep(1, 1)]
    for hours in (5, 6):
        gone = f"gone{hours}"
        world.grab(world.shows[1], harbor_first, download_id=gone, title="x",
                   date=NOW - timedelta(hours=hours))  # fmt: skip
        world.failed(world.shows[1], harbor_first, download_id=gone, title="x",
                     date=NOW - timedelta(hours=hours - 1), message=f"m{hours}")  # fmt: skip
    # A status message group with a title only.
    for record in world.queue:
        record["statusMessages"] = [{"title": "One or more episodes expected", "messages": []}]
    # Torrents keyed twice (case), an empty key; files under a non-string key.
    torrent = world.torrents.pop(download_id)
    torrents: dict[Any, Any] = {
        download_id.upper(): torrent,
        download_id: {"name": "dup"},
        " ": {},
        "feed": "not a torrent",
    }
    files: dict[Any, Any] = {**world.files, 7: []}
    # A Jellyfin episode that is a Mapping but not a dict.
    harbor = world.shows[1]
    world.has_files(harbor, [harbor.ep(1, 2)])
    jellyfin = [UserDict(item) for item in world.jf_episodes]
    world.jf_series[0]["ProviderIds"]["TVDB"] = world.jf_series[0]["ProviderIds"]["Tvdb"]
    episodes = [UserDict(e) if e["id"] == 2003 else e for e in world.episodes]
    state = correlate(
        world.snapshot(
            torrents=torrents,
            torrent_files=files,
            jellyfin_episodes=jellyfin,
            sonarr_episodes=episodes,
        )
    )
    salt = state.requests[2]
    assert salt.episodes[0].messages == ("One or more episodes expected",)
    assert salt.downloads[0].in_client
    assert first["id"] == salt.episodes[0].episode_id
    assert salt.episodes[2].episode_id == 2003  # read from a Mapping that is not a dict
    harbor_state = state.requests[1]
    assert harbor_state.episodes[0].reason == "m5"  # the newest failure wins
    assert harbor_state.episodes[1].status is EpisodeStatus.AVAILABLE


def test_torrent_fields_may_be_missing() -> None:
    world = _world()
    download_id = torrent_hash("salt-pack")
    world.torrents[download_id] = {"hash": download_id, "progress": 0.5}
    # As the torrents/info list, with the same torrent listed twice (the first one counts).
    listed = [world.torrents[download_id], {"hash": download_id.upper(), "progress": 1.0}]
    request = correlate(world.snapshot(torrents=listed, torrent_files={})).requests[2]
    assert request.downloads[0].progress == 0.5
    assert request.downloads[0].size_bytes is None
    assert request.downloads[0].downloaded_bytes is None
    world.torrents[download_id] = {"hash": download_id, "progress": 0.5, "size": 1000}
    request = correlate(world.snapshot(torrent_files={})).requests[2]
    assert request.downloads[0].downloaded_bytes == 500


def test_title_from_the_torrent_when_sonarr_has_none() -> None:
    world = _world()
    show = world.shows[1]
    download_id = torrent_hash("harbor-1")
    world.grab(show, [show.ep(1, 1)], download_id=download_id, title="x", date=NOW)
    world.history[-1].pop("sourceTitle")
    world.torrent(download_id, "Harbor.Lights.S01E01.1080p.WEB.h264-GRP", size=GIB, progress=0.1)
    request = correlate(world.snapshot()).requests[1]
    assert request.episodes[0].release_title == "Harbor.Lights.S01E01.1080p.WEB.h264-GRP"


def test_problems_are_bounded() -> None:
    world = _world()
    world.series.extend({"title": "no id"} for _ in range(500))
    assert len(correlate(world.snapshot()).problems) == 200


def test_pending_release_without_download_id_and_anonymous_request() -> None:
    world = _world()
    show = world.shows[3]
    world.requests[2]["requestedBy"] = None
    world.queue.append(
        {
            "id": 777,
            "seriesId": 3,
            "episodeId": show.ep(1, 2)["id"],
            "title": "Northwind.S01E02.1080p.WEB.h264-GRP",
            "size": float(GIB),
            "sizeleft": float(GIB),
            "status": "delay",
            "trackedDownloadState": "downloading",
            "statusMessages": [],
            "protocol": "torrent",
        }
    )
    request = correlate(world.snapshot()).requests[3]
    assert request.requested_by is None
    second = request.episodes[1]
    assert second.status is EpisodeStatus.FOUND
    assert second.download_id == "QUEUE-777"
    assert request.status is RequestStatus.FOUND
