"""Jellyfin availability: series by provider ids, episodes by numbers, then by file path."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from custom_components.status_tracker.tracking.correlate import correlate
from custom_components.status_tracker.tracking.status import EpisodeStatus
from tests.support.world import World, jf_id


@pytest.fixture
def world() -> World:
    world = World()
    show = world.add_series(
        1, "Harbor Lights", seasons={1: (datetime(2025, 7, 3, 1, 0, tzinfo=UTC), 6)}
    )
    world.request(show, [1])
    return world


def _available(world: World) -> list[int]:
    request = correlate(world.snapshot()).requests[1]
    return [e.episode for e in request.episodes if e.status is EpisodeStatus.AVAILABLE]


def _episode_item(world: World, number: int) -> dict[str, Any]:
    show = world.shows[1]
    return next(i for i in world.jf_episodes if i.get("Id") == jf_id(show.tvdb, 1, number))


@pytest.mark.parametrize(
    "provider_ids",
    [
        {"Tvdb": "400001"},
        {"TVDB": " 400001 "},
        {"tvdb": 400001},
        {"Tmdb": "200001", "Tvdb": "999"},
        {"Imdb": "TT30000001"},
    ],
)
def test_series_match_by_any_provider(world: World, provider_ids: dict[str, Any]) -> None:
    world.jf_series[0]["ProviderIds"] = provider_ids
    world.jellyfin_lists(world.shows[1], world.shows[1].eps(1, [1]))
    assert _available(world) == [1]


def test_no_match_when_ids_differ_or_are_garbage(world: World) -> None:
    world.jellyfin_lists(world.shows[1], world.shows[1].eps(1, [1]))
    world.jf_series[0]["ProviderIds"] = {"Tvdb": "1", 5: "400001", "Tmdb": None, "Imdb": ""}
    world.jf_series.append({"Name": "no id", "ProviderIds": {"Tvdb": "400001"}})
    world.jf_series.append({"Id": "abc", "ProviderIds": "Tvdb=400001"})
    request = correlate(world.snapshot()).requests[1]
    assert request.jellyfin_id is None
    assert request.episodes[0].status is EpisodeStatus.SEARCHING  # no Sonarr file either
    # Sonarr series without any provider id matches nothing.
    world.series[0].update(tvdbId=None, tmdbId=None, imdbId=None)
    assert correlate(world.snapshot()).requests[1].jellyfin_id is None


def test_location_type_and_item_type(world: World) -> None:
    show = world.shows[1]
    world.jellyfin_lists(show, show.eps(1, [1, 2, 3, 4, 5]))
    del _episode_item(world, 2)["LocationType"]  # with a path: there
    third = _episode_item(world, 3)
    del third["LocationType"]
    del third["Path"]  # neither: not there
    _episode_item(world, 4)["Type"] = "Season"
    _episode_item(world, 6)["LocationType"] = "Offline"  # a file on an offline drive is there
    del _episode_item(world, 5)["Id"]
    assert _available(world) == [1, 2, 6]


def test_numbers_unknown_to_sonarr_fall_back_to_the_path(world: World) -> None:
    show = world.shows[1]
    world.jellyfin_lists(show, show.eps(1, [1, 2, 3]))
    _episode_item(world, 2).update(ParentIndexNumber=7)  # a bad metadata match in Jellyfin
    third = _episode_item(world, 3)
    del third["IndexNumber"]
    third["Path"] = "/data/media/tv/Harbor Lights (2025)/Season 01/Harbor Lights 1x03.mkv"
    assert _available(world) == [1, 2, 3]
    third["Path"] = "/data/media/tv/Harbor Lights (2025)/Season 01/Bonus.mkv"
    _episode_item(world, 2)["Path"] = 42
    assert _available(world) == [1]


def test_index_number_end_below_start_is_one_episode(world: World) -> None:
    show = world.shows[1]
    world.jellyfin_lists(show, show.eps(1, [2]))
    _episode_item(world, 2)["IndexNumberEnd"] = 1
    assert _available(world) == [2]
    _episode_item(world, 2)["IndexNumberEnd"] = 10**9  # a range is capped, not walked
    assert _available(world) == [2, 3, 4, 5, 6]


def test_matched_series_by_provider_ids_only() -> None:
    """The shell's question: which Jellyfin series to fetch episodes of, before any episode."""
    from custom_components.status_tracker.tracking.jellyfin_match import matched_series

    world = World()
    show = world.add_series(1, "Harbor Lights", seasons={1: (datetime(2025, 1, 1, tzinfo=UTC), 3)})
    world.add_series(2, "Not In Jellyfin", seasons={1: (datetime(2025, 1, 1, tzinfo=UTC), 3)},
                     in_jellyfin=False)  # fmt: skip
    world.has_files(show, show.season(1))
    snapshot = world.snapshot(jellyfin_episodes=[])
    assert matched_series(snapshot) == {1: (world.jf_series[0]["Id"],)}
