"""What each source fetches next: the interest the coordinator hands the sources."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from custom_components.status_tracker.tracking import (
    JellyfinInterest,
    PushedGrab,
    SonarrInterest,
    correlate,
    downloads_active,
    file_lists_wanted,
    jellyfin_interest,
    jellyfin_series_to_read,
    sonarr_series_to_read,
)
from tests.support.world import NOW, World, torrent_hash
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
