"""Scenario: failed downloads, from Sonarr, from qBittorrent and from the history."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from custom_components.status_tracker.tracking.correlate import correlate
from custom_components.status_tracker.tracking.status import EpisodeStatus, RequestStatus
from tests.support.world import GIB, World, torrent_hash

TITLE = "Ember.Line.S01E0{}.1080p.WEB.h264-SKYFiRE"


@pytest.fixture
def world() -> World:
    world = World()
    show = world.add_series(
        5, "Ember Line", seasons={1: (datetime(2026, 9, 1, 1, 0, tzinfo=UTC), 6)}
    )
    world.request(show, [1])
    world.has_files(show, show.eps(1, [6]))
    return world


def _grab(world: World, number: int, **kwargs: object) -> str:
    show = world.shows[5]
    download_id = torrent_hash(f"ember-{number}")
    world.download(
        show, [show.ep(1, number)], download_id=download_id, title=TITLE.format(number),
        size=GIB, **kwargs,  # type: ignore[arg-type]
    )  # fmt: skip
    return download_id


def test_sonarr_failed_and_qbittorrent_errors(world: World) -> None:
    _grab(world, 1, state="failedPending", status="failed", error="Downloading: unpack failed")
    _grab(
        world, 2, state="failed", status="warning",
        messages=[("Ember.Line.S01E02", ["Not an upgrade for existing episode file(s)"])],
    )  # fmt: skip
    error = _grab(world, 3)
    world.torrent(error, TITLE.format(3), size=GIB, progress=0.4, state="error")
    missing = _grab(world, 4)
    world.torrent(missing, TITLE.format(4), size=GIB, progress=1.0, state="missingFiles")
    ok = _grab(world, 5)
    world.torrent(ok, TITLE.format(5), size=GIB, progress=0.5)

    request = correlate(world.snapshot()).requests[5]
    episodes = {e.episode: e for e in request.episodes}
    assert [episodes[n].status for n in range(1, 5)] == [EpisodeStatus.FAILED] * 4
    assert episodes[1].reason == "Downloading: unpack failed"
    assert episodes[2].reason == "Ember.Line.S01E02: Not an upgrade for existing episode file(s)"
    assert episodes[3].reason == "qBittorrent: error"
    assert episodes[3].progress == pytest.approx(0.4)
    assert episodes[4].reason == "qBittorrent: files missing"
    assert episodes[5].status is EpisodeStatus.DOWNLOADING
    assert request.status is RequestStatus.FAILED  # needs attention, even with progress
    # Failed downloads hold no bytes in the request's figures.
    assert request.progress.bytes_total == GIB


def test_failure_in_history_until_the_next_grab(world: World) -> None:
    show = world.shows[5]
    first = torrent_hash("ember-1-first")
    world.grab(show, [show.ep(1, 1)], download_id=first, title=TITLE.format(1),
               date=world.now - timedelta(hours=5))  # fmt: skip
    world.failed(show, [show.ep(1, 1)], download_id=first, title=TITLE.format(1),
                 date=world.now - timedelta(hours=4), message="Import failed: sample")  # fmt: skip
    request = correlate(world.snapshot()).requests[5]
    assert request.episodes[0].status is EpisodeStatus.FAILED
    assert request.episodes[0].reason == "Import failed: sample"
    assert request.downloads == ()  # the failed download is gone, not in progress

    # Sonarr grabbed another release since: the failure is history.
    second = torrent_hash("ember-1-second")
    world.grab(show, [show.ep(1, 1)], download_id=second, title=TITLE.format(1),
               date=world.now - timedelta(hours=3))  # fmt: skip
    request = correlate(world.snapshot()).requests[5]
    assert request.episodes[0].status is EpisodeStatus.SEARCHING  # that grab left no trace

    world.torrent(second, TITLE.format(1), size=GIB, progress=0.2)
    request = correlate(world.snapshot()).requests[5]
    assert request.episodes[0].status is EpisodeStatus.DOWNLOADING
    assert request.episodes[0].download is not None
    assert not request.episodes[0].download.tracked  # Sonarr's queue does not list it


def test_old_failures_are_forgotten(world: World) -> None:
    show = world.shows[5]
    old = torrent_hash("ember-2-old")
    world.failed(show, [show.ep(1, 2)], download_id=old, title=TITLE.format(2),
                 date=world.now - timedelta(days=30), message="stalled")  # fmt: skip
    request = correlate(world.snapshot()).requests[5]
    assert request.episodes[1].status is EpisodeStatus.SEARCHING
    assert request.status is RequestStatus.PARTIALLY_AVAILABLE


def test_failed_upgrade_keeps_the_episode_available(world: World) -> None:
    show = world.shows[5]
    download_id = torrent_hash("ember-6-upgrade")
    world.download(show, [show.ep(1, 6)], download_id=download_id, title=TITLE.format(6),
                   size=GIB, state="failed", error="Release rejected")  # fmt: skip
    request = correlate(world.snapshot()).requests[5]
    assert request.episodes[5].status is EpisodeStatus.AVAILABLE
    assert not request.episodes[5].upgrading
