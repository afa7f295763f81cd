"""The plan: what a deletion does in each service, what it keeps and why, and when it refuses."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from custom_components.status_tracker.deletion import (
    Action,
    DeletionRequest,
    Place,
    Refused,
    SelectionError,
    make_plan,
)
from tests.support.library import (
    PACK,
    deleted_in_sonarr,
    inventory_of,
    pack_library,
    singles_library,
)
from tests.support.world import GIB, World, torrent_hash


def _actions(plan: object) -> list[tuple[Place, Action]]:
    return [(s.place, s.action) for s in plan.steps]  # type: ignore[attr-defined]


def test_per_episode_release_of_the_selection_only() -> None:
    world, show = singles_library()
    inventory = inventory_of(world, show)
    plan = make_plan(inventory, DeletionRequest(series_id=4, episodes=("S01E05",)))
    e05 = show.ep(1, 5)["id"]
    assert plan.episode_ids == (e05,)
    assert _actions(plan) == [
        (Place.SONARR, Action.UNMONITOR),
        (Place.QBITTORRENT, Action.REMOVE_TORRENT),
    ]
    (remove,) = [s for s in plan.steps if s.action is Action.REMOVE_TORRENT]
    assert remove.targets == (torrent_hash("tide-5").lower(),)
    assert remove.params == {"delete_data": True}
    assert "S01E05: no file in Sonarr" in plan.gone
    assert "S01E05: Jellyfin does not list it" in plan.gone


def test_files_of_selected_episodes_are_deleted_and_every_service_follows() -> None:
    world, show = singles_library()
    plan = make_plan(
        inventory_of(world, show, shoko=True),
        DeletionRequest(series_id=4, episodes=("S01E01-E02",)),
    )
    assert _actions(plan) == [
        (Place.SONARR, Action.UNMONITOR),
        (Place.SONARR, Action.DELETE_EPISODE_FILES),
        (Place.JELLYFIN, Action.SYNC_LIBRARY),
        (Place.JELLYSEERR, Action.SET_MEDIA_STATUS),
        (Place.SHOKO, Action.FORGET_FILES),
    ]
    files = next(s for s in plan.steps if s.action is Action.DELETE_EPISODE_FILES)
    assert set(files.targets) == {
        str(show.ep(1, 1)["episodeFileId"]),
        str(show.ep(1, 2)["episodeFileId"]),
    }
    library = next(s for s in plan.steps if s.place is Place.JELLYFIN)
    assert library.params["delete_items"] == []  # Sonarr deletes the files: Jellyfin is told
    assert len(library.params["forget_paths"]) == 2
    seerr = next(s for s in plan.steps if s.place is Place.JELLYSEERR)
    assert seerr.params == {"status": "partial"}  # E03, E04 remain
    assert any("season 1 keeps its badge" in w for w in plan.warnings)


def test_a_downloading_pack_goes_on_for_the_other_episodes() -> None:
    world, show = pack_library(0.4)
    plan = make_plan(
        inventory_of(world, show), DeletionRequest(series_id=5, episodes=("S01E01-E03",))
    )
    skip = next(s for s in plan.steps if s.action is Action.SKIP_FILES)
    assert skip.params == {"file_indexes": [0, 1, 2]}
    assert not [s for s in plan.steps if s.action is Action.REMOVE_TORRENT]
    (kept,) = plan.kept
    assert kept.why.startswith("still downloading S01E04")
    assert len(kept.episode_ids) == 9


def test_a_finished_pack_stays_while_it_backs_episodes_and_goes_with_the_last() -> None:
    world, show = pack_library(1.0)
    inventory = inventory_of(world, show)
    first = make_plan(inventory, DeletionRequest(series_id=5, seasons=(1,), episodes=()))
    assert [s.action for s in first.steps if s.place is Place.QBITTORRENT] == [
        Action.REMOVE_TORRENT
    ]  # the whole season: nothing left for the pack to back
    some = make_plan(inventory, DeletionRequest(series_id=5, episodes=("S01E01-E03",)))
    assert not [s for s in some.steps if s.place is Place.QBITTORRENT]
    assert some.kept[0].why.startswith("finished: its data backs S01E04")
    # E01-E03 deleted before (unmonitored, no file): the rest takes the pack with it.
    after = deleted_in_sonarr(inventory, [show.ep(1, n)["id"] for n in (1, 2, 3)])
    rest = make_plan(after, DeletionRequest(series_id=5, episodes=("S01E04-E12",)))
    assert [s.action for s in rest.steps if s.place is Place.QBITTORRENT] == [Action.REMOVE_TORRENT]


def test_a_cascade_reaches_everything_of_the_series() -> None:
    world, show = singles_library()
    plan = make_plan(
        inventory_of(world, show, shoko=True),
        DeletionRequest(series_id=4, cascade=True, import_list_exclusion=True),
    )
    assert _actions(plan) == [
        (Place.QBITTORRENT, Action.REMOVE_TORRENT),
        (Place.QBITTORRENT, Action.REMOVE_TORRENT),
        (Place.SONARR, Action.DELETE_SERIES),
        (Place.JELLYFIN, Action.DELETE_LIBRARY_SERIES),
        (Place.JELLYSEERR, Action.DELETE_REQUESTS),
        (Place.JELLYSEERR, Action.DELETE_MEDIA),
        (Place.SHOKO, Action.FORGET_FILES),
    ]
    series = next(s for s in plan.steps if s.action is Action.DELETE_SERIES)
    assert series.params == {"delete_files": True, "import_list_exclusion": True}
    assert len(plan.episode_ids) == 6


def test_a_protected_series_needs_force() -> None:
    world, show = singles_library()
    show.record["tags"] = [3]
    inventory = inventory_of(world, show, tags={3: "Keep"})
    request = DeletionRequest(series_id=4, cascade=True)
    with pytest.raises(Refused) as refused:
        make_plan(inventory, request)
    assert refused.value.kind == "protected"
    assert make_plan(inventory, replace(request, force=True)).steps
    assert make_plan(inventory, request, protection_tag="").steps  # no protection configured


def test_deleting_again_plans_nothing_and_says_what_is_gone() -> None:
    world, show = singles_library()
    inventory = inventory_of(world, show)
    done = deleted_in_sonarr(inventory, [show.ep(1, 1)["id"]])
    done = replace(done, library={})
    plan = make_plan(done, DeletionRequest(series_id=4, episodes=("S01E01",)))
    assert plan.steps == ()
    assert "S01E01: no file in Sonarr" in plan.gone
    assert "S01E01: not monitored in Sonarr" in plan.gone


def test_selection_errors_name_what_is_wrong() -> None:
    world, show = singles_library()
    inventory = inventory_of(world, show)
    for spec, kind in (("S1X3", "malformed"), ("S02E01", "unknown"), ("S01E05-E02", "malformed")):
        with pytest.raises(SelectionError) as error:
            make_plan(inventory, DeletionRequest(series_id=4, episodes=(spec,)))
        assert error.value.kind == kind
    with pytest.raises(SelectionError) as empty:
        make_plan(inventory, DeletionRequest(series_id=4))
    assert empty.value.kind == "empty"
    with pytest.raises(SelectionError):
        make_plan(inventory, DeletionRequest(series_id=4, seasons=(7,)))
    with pytest.raises(SelectionError):
        make_plan(inventory, DeletionRequest(series_id=4, absolute=(99,)))


def test_a_file_holding_a_kept_episode_too_stays() -> None:
    world, show = singles_library()
    inventory = inventory_of(world, show)
    e1, e2 = show.ep(1, 1)["id"], show.ep(1, 2)["id"]
    shared = dict(inventory.episodes)
    shared[e2] = replace(shared[e2], file_id=shared[e1].file_id, path=shared[e1].path)
    plan = make_plan(
        replace(inventory, episodes=shared), DeletionRequest(series_id=4, episodes=("S01E01",))
    )
    assert not [s for s in plan.steps if s.action is Action.DELETE_EPISODE_FILES]
    assert any("shares its file with S01E02" in w for w in plan.warnings)


def test_the_plan_id_follows_what_the_plan_would_do() -> None:
    world, show = pack_library(0.4)
    request = DeletionRequest(series_id=5, episodes=("S01E01",))
    first = make_plan(inventory_of(world, show), request)
    again = make_plan(inventory_of(world, show), request)
    assert first.plan_id == again.plan_id
    world.torrent(torrent_hash("marsh-pack"), PACK, size=12 * GIB, progress=0.45)
    assert make_plan(inventory_of(world, show), request).plan_id == first.plan_id  # bytes moved
    world.torrent(torrent_hash("marsh-pack"), PACK, size=12 * GIB, progress=1.0)
    assert make_plan(inventory_of(world, show), request).plan_id != first.plan_id  # finished


def test_the_plan_id_follows_the_world_beyond_the_selection() -> None:
    """An import of an episode not selected changes nothing planned, but the world moved."""
    world, show = singles_library()
    request = DeletionRequest(series_id=4, episodes=("S01E01",))
    before = inventory_of(world, show)
    first = make_plan(before, request)
    other = show.ep(1, 5)["id"]
    imported = replace(
        before.episodes[other], file_id=9999, path=f"{show.folder}/Season 01/new.mkv"
    )
    moved = replace(before, episodes={**before.episodes, other: imported})
    later = make_plan(moved, request)
    assert later.steps == first.steps
    assert later.plan_id != first.plan_id


def test_anime_absolute_numbers_select_episodes() -> None:
    world = World()
    show = world.add_series(
        9, "Kakera", seasons={1: (datetime(2026, 9, 1, 1, 0, tzinfo=UTC), 12)}, anime=True
    )
    world.has_files(show, show.season(1))
    plan = make_plan(inventory_of(world, show), DeletionRequest(series_id=9, absolute=(3, 4)))
    assert plan.episode_ids == (show.ep(1, 3)["id"], show.ep(1, 4)["id"])
