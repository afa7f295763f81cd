"""The inventory: what each service holds of a series, read defensively; what is left alone."""

from __future__ import annotations

from dataclasses import replace

from custom_components.status_tracker.deletion import (
    Action,
    DeletionRequest,
    Place,
    build_inventory,
    episode_codes,
    make_plan,
    torrent_hashes,
)
from tests.support.library import pack_library, readings_of, singles_library
from tests.support.world import torrent_hash


def test_only_torrents_sonarr_grabbed_for_the_series_are_read_or_touched() -> None:
    world, show = singles_library()
    world.torrent(torrent_hash("stranger"), "Someone.Else.S01E01", size=1, progress=0.5)
    readings = readings_of(world, show)
    hashes = torrent_hashes([*readings.queue, 7, None], readings.grabs)  # type: ignore[list-item]
    assert hashes == {torrent_hash(f"tide-{n}").lower() for n in (5, 6)}
    inventory = build_inventory(readings)
    assert inventory.torrents is not None
    assert set(inventory.torrents) == hashes


def test_records_of_the_wrong_shape_are_skipped_one_by_one() -> None:
    world, show = singles_library()
    readings = readings_of(world, show, shoko=True)
    junk = [42, "x", None, {"id": "no"}]
    spoiled = replace(
        readings,
        episodes=[*readings.episodes, *junk],  # type: ignore[list-item]
        episode_files=[*readings.episode_files, *junk],  # type: ignore[list-item]
        library_episodes=[
            *(readings.library_episodes or ()),
            {"Id": "x", "ParentIndexNumber": None, "IndexNumber": 1},
            {"Id": "y", "ParentIndexNumber": 1, "IndexNumber": 99, "LocationType": "FileSystem"},
        ],
        shoko_files=[
            *(readings.shoko_files or ()),
            {"Locations": []},
            {"ID": 9, "Locations": [{"RelativePath": ""}]},
            {"ID": 10, "Locations": [{"RelativePath": "Elsewhere/x.mkv"}]},
        ],
        seerr_requests=[*readings.seerr_requests, {"id": 77, "media": {"id": 9999}}, 5],  # type: ignore[list-item]
    )
    inventory = build_inventory(spoiled)
    assert len(inventory.episodes) == 6
    assert inventory.library is not None
    assert {"x", "y"}.isdisjoint(inventory.library)
    assert inventory.shoko is not None
    assert {9, 10}.isdisjoint(inventory.shoko)
    assert inventory.seerr is not None
    assert 77 not in inventory.seerr.request_ids
    assert episode_codes(inventory.episodes)[show.ep(1, 3)["id"]] == "S01E03"


def test_unread_services_and_missing_media_plan_nothing_there() -> None:
    world, show = singles_library()
    readings = replace(
        readings_of(world, show, seerr=False),
        torrents=None,
        library_episodes=None,
        unread=(Place.QBITTORRENT, Place.JELLYFIN),
    )
    inventory = build_inventory(readings)
    assert inventory.torrents is None
    assert inventory.seerr is None
    plan = make_plan(inventory, DeletionRequest(series_id=4, episodes=("S01E01", "S01E05")))
    assert {s.place for s in plan.steps} == {Place.SONARR}
    assert "qbittorrent could not be read: nothing of it is planned" in plan.warnings
    cascade = make_plan(inventory, DeletionRequest(series_id=4, cascade=True))
    assert [s.action for s in cascade.steps] == [Action.DELETE_SERIES]


def test_a_library_item_sonarr_has_no_file_for_is_deleted_through_jellyfin() -> None:
    """Jellyfin lists a file Sonarr does not know: only Jellyfin can delete it (with files)."""
    world, show = singles_library()
    world.jellyfin_lists(show, [show.ep(1, 5)])  # on disk, but not Sonarr's
    inventory = build_inventory(readings_of(world, show))
    plan = make_plan(inventory, DeletionRequest(series_id=4, episodes=("S01E05",)))
    library = next(s for s in plan.steps if s.place is Place.JELLYFIN)
    assert library.params["delete_items"] == list(library.targets)
    keep_files = make_plan(
        inventory, DeletionRequest(series_id=4, episodes=("S01E05",), delete_files=False)
    )
    assert not [s for s in keep_files.steps if s.place is Place.JELLYFIN]


def test_a_series_left_empty_is_unknown_or_processing() -> None:
    world, show = singles_library()
    inventory = build_inventory(readings_of(world, show))
    request = DeletionRequest(series_id=4, episodes=("S01E01-E04",))
    status = next(s for s in make_plan(inventory, request).steps if s.place is Place.JELLYSEERR)
    assert status.params == {"status": "unknown"}
    again = replace(request, unmonitor=False)
    status = next(s for s in make_plan(inventory, again).steps if s.place is Place.JELLYSEERR)
    assert status.params == {"status": "processing"}


def test_a_pack_file_naming_two_episodes_is_skipped_only_when_both_go() -> None:
    world, show = pack_library(0.3)
    files = world.files[torrent_hash("marsh-pack").lower()]
    files[0]["name"] = files[0]["name"].replace("S01E01", "S01E01E02")
    del files[1]
    inventory = build_inventory(readings_of(world, show))
    one = make_plan(inventory, DeletionRequest(series_id=5, episodes=("S01E01",)))
    assert not [s for s in one.steps if s.action is Action.SKIP_FILES]
    both = make_plan(inventory, DeletionRequest(series_id=5, episodes=("S01E01-E02",)))
    skip = next(s for s in both.steps if s.action is Action.SKIP_FILES)
    assert skip.params == {"file_indexes": [0]}
