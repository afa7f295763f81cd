"""Which series are requests and which episodes they cover."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from custom_components.status_tracker.tracking.correlate import correlate
from custom_components.status_tracker.tracking.status import EpisodeStatus, RequestStatus
from tests.support.world import GIB, World, torrent_hash

OLD = datetime(2023, 5, 1, tzinfo=UTC)


def _library() -> World:
    world = World()
    for series_id, title in ((1, "Harbor Lights"), (2, "Salt Road"), (3, "Northwind")):
        show = world.add_series(
            series_id, title, added=OLD,
            seasons={1: (datetime(2025, 1, 1, tzinfo=UTC), 4),
                     2: (datetime(2026, 1, 1, tzinfo=UTC), 4),
                     3: (datetime(2026, 10, 1, tzinfo=UTC), 10)},
        )  # fmt: skip
        world.has_files(show, show.season(1))
    return world


def test_old_gaps_never_create_requests() -> None:
    state = correlate(_library().snapshot())
    assert state.requests == {}  # plenty of missing episodes, nobody asked


def test_jellyseerr_request_covers_the_requested_seasons() -> None:
    world = _library()
    show = world.shows[2]
    world.request(show, [2], user="maria")
    world.request(show, [3], user="admin", request_id=40, created=world.now)
    world.request(show, [1], status=3, request_id=41)  # declined: ignored
    request = correlate(world.snapshot()).requests[2]
    assert request.reasons == ("jellyseerr",)
    assert request.seasons == (2, 3)
    assert request.requested_seasons == (2, 3)
    assert request.request_ids == (1, 40)
    assert request.requested_by == "admin"  # the latest request
    assert {e.season for e in request.episodes} == {2, 3}
    assert request.status is RequestStatus.SEARCHING


def test_request_without_seasons_means_the_whole_show() -> None:
    world = _library()
    record = world.request(world.shows[1], [])
    record["seasons"] = []
    request = correlate(world.snapshot()).requests[1]
    assert request.seasons == (1, 2, 3)
    assert request.status is RequestStatus.PARTIALLY_AVAILABLE


def test_matching_by_sonarr_id_and_tmdb_id() -> None:
    world = _library()
    by_sonarr = world.request(world.shows[1], [1])
    by_sonarr["media"]["tvdbId"] = None
    by_tmdb = world.request(world.shows[3], [1])
    by_tmdb["media"].update(tvdbId=None, externalServiceId=None)
    nothing = world.request(world.shows[2], [1])
    nothing["media"].update(tvdbId=None, externalServiceId=None, tmdbId=None)
    movie = world.request(world.shows[2], [1])
    movie["type"] = "movie"
    state = correlate(world.snapshot())
    assert sorted(state.requests) == [1, 3]


def test_activity_seasons_plus_a_later_grab_outside_them() -> None:
    world = _library()
    show = world.shows[3]
    pack = torrent_hash("northwind-s02")
    world.download(show, show.season(2), download_id=pack,
                   title="Northwind.S02.1080p.WEB.h264-GRP", size=8 * GIB)  # fmt: skip
    single = torrent_hash("northwind-s03e05")
    show.ep(3, 5)["monitored"] = False  # grabbed by hand: counts although unmonitored
    world.download(show, [show.ep(3, 5)], download_id=single,
                   title="Northwind.S03E05.1080p.WEB.h264-GRP", size=GIB)  # fmt: skip
    request = correlate(world.snapshot()).requests[3]
    assert request.reasons == ("activity",)
    assert request.seasons == (2, 3)
    assert request.requested_seasons is None


def test_unmonitored_missing_episodes_are_not_in_scope() -> None:
    world = _library()
    show = world.shows[1]
    world.request(show, [2])
    show.ep(2, 4)["monitored"] = False
    show.ep(2, 3)["monitored"] = False
    world.has_files(show, [show.ep(2, 3)])
    request = correlate(world.snapshot()).requests[1]
    assert [e.episode for e in request.episodes] == [1, 2, 3]


def test_recently_added_series_is_tracked_with_its_monitored_seasons() -> None:
    world = _library()
    fresh = world.add_series(
        4, "Ember Line", added=world.now - timedelta(days=2),
        seasons={1: (datetime(2026, 12, 1, tzinfo=UTC), 6),
                 2: (datetime(2027, 6, 1, tzinfo=UTC), 6)},
    )  # fmt: skip
    fresh.record["seasons"][2]["monitored"] = False
    request = correlate(world.snapshot()).requests[4]
    assert request.reasons == ("recently_added",)
    assert request.seasons == (1,)
    assert request.status is RequestStatus.REQUESTED  # nothing aired yet
    assert all(e.status is EpisodeStatus.PENDING for e in request.episodes)

    fresh.record["seasons"] = []  # no season flags: every regular season
    assert correlate(world.snapshot()).requests[4].seasons == (1, 2)


def test_carried_over_until_the_retention_window_ends() -> None:
    world = _library()
    show = world.shows[2]
    download_id = torrent_hash("salt-s02e01")
    world.download(show, [show.ep(2, 1)], download_id=download_id,
                   title="Salt.Road.S02E01.1080p.WEB.h264-GRP", size=GIB)  # fmt: skip
    first = correlate(world.snapshot())
    assert first.requests[2].seasons == (2,)

    # Imported and gone from the queue and the history window: still tracked for a while.
    world.queue.clear()
    world.history.clear()
    world.has_files(show, [show.ep(2, 1)])
    world.now += timedelta(hours=1)
    second = correlate(world.snapshot(), first)
    request = second.requests[2]
    assert request.reasons == ("carried_over",)
    assert request.seasons == (2,)
    assert request.episodes[0].status is EpisodeStatus.AVAILABLE

    world.now += timedelta(days=15)
    assert 2 not in correlate(world.snapshot(), second).requests


def test_grabs_older_than_the_retention_window_are_no_activity() -> None:
    world = _library()
    show = world.shows[1]
    world.grab(show, [show.ep(2, 1)], download_id=torrent_hash("old"), title="x",
               date=world.now - timedelta(days=40))  # fmt: skip
    assert correlate(world.snapshot()).requests == {}


def _fulfilled(world: World, series_id: int, seasons: list[int], when: datetime) -> None:
    record = world.request(world.shows[series_id], seasons, created=when)
    record["status"] = 5  # MediaRequestStatus.COMPLETED
    record["media"]["status"] = 5  # MediaStatus.AVAILABLE
    record["updatedAt"] = record["createdAt"]


def test_old_fulfilled_requests_stop_being_requests() -> None:
    """Years of fulfilled Jellyseerr requests must not keep a whole library tracked."""
    world = _library()
    _fulfilled(world, 1, [1], OLD)  # fulfilled long ago: no longer a request
    _fulfilled(world, 2, [1], world.now - timedelta(days=2))  # fulfilled recently: still one
    old_open = world.request(world.shows[3], [1, 2], created=OLD)  # old but still open
    old_open["media"]["status"] = 4  # PARTIALLY_AVAILABLE
    state = correlate(world.snapshot())
    assert set(state.requests) == {2, 3}
    assert state.requests[2].reasons == ("jellyseerr",)
    assert state.requests[2].status is RequestStatus.AVAILABLE
    assert state.requests[3].seasons == (1, 2)


def test_a_new_grab_reopens_an_old_fulfilled_request() -> None:
    """Activity brings the series back, scoped to what is active, with the requester kept."""
    world = _library()
    _fulfilled(world, 1, [1], OLD)
    show = world.shows[1]
    episode = show.ep(2, 1)
    download = torrent_hash("reopen")
    world.download(show, [episode], download_id=download, title="Harbor.Lights.S02E01-GRP",
                   size=GIB, sizeleft=GIB // 2)  # fmt: skip
    world.torrent(download, "Harbor.Lights.S02E01-GRP.mkv", size=GIB, progress=0.5)
    request = correlate(world.snapshot()).requests[1]
    assert request.reasons == ("activity",)
    assert request.seasons == (2,)
    assert request.requested_by == "maria"
    assert next(e.status for e in request.episodes if e.season == 2) is EpisodeStatus.DOWNLOADING


def test_candidate_series_follow_the_scope_rules() -> None:
    """The shell fetches episodes only of these: the core's own reasons, nothing more."""
    from custom_components.status_tracker.tracking.request_scope import candidate_series

    world = _library()
    recent = world.add_series(
        4, "Fresh Arrival", added=world.now - timedelta(days=1),
        seasons={1: (datetime(2026, 10, 1, tzinfo=UTC), 4)},
    )  # fmt: skip
    tmdb_only = world.request(world.shows[2], [1])
    tmdb_only["media"]["tvdbId"] = None
    tmdb_only["media"]["externalServiceId"] = None
    _fulfilled(world, 3, [1], OLD)
    snapshot = world.snapshot()
    assert candidate_series(snapshot, None) == {2, recent.id}  # series 1: old, quiet, unasked
    state = correlate(world.snapshot())
    assert set(state.requests) == {2, recent.id}
    assert candidate_series(snapshot, state.timeline) == {2, recent.id}
