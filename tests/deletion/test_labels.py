"""What the confirmation names: episode codes, file and torrent names, never only service ids."""

from __future__ import annotations

from dataclasses import replace

from custom_components.status_tracker.deletion import Action, DeletionRequest, Place, make_plan
from custom_components.status_tracker.deletion.labels import labelled, labelled_kept
from custom_components.status_tracker.deletion.model import Kept, Step
from tests.support.library import PACK, inventory_of, pack_library, singles_library


def _step(plan: object, action: Action) -> Step:
    return next(s for s in plan.steps if s.action is action)  # type: ignore[attr-defined]


def test_episode_files_and_library_items_are_named_by_file() -> None:
    world, show = singles_library()
    inventory = inventory_of(world, show, shoko=True)
    plan = make_plan(inventory, DeletionRequest(series_id=4, episodes=("S01E01-E02",)))
    unmonitor = _step(plan, Action.UNMONITOR)
    assert unmonitor.labels == ("S01E01", "S01E02")
    files = _step(plan, Action.DELETE_EPISODE_FILES)
    paths = {e.file_id: e.path for e in inventory.episodes.values() if e.file_id is not None}
    assert len(files.labels) == len(files.targets) == 2
    for target, label in zip(files.targets, files.labels, strict=True):
        name = str(paths[int(target)]).rsplit("/", 1)[-1]
        assert label.endswith(name)
        assert label.startswith(("S01E01 ", "S01E02 "))
    library = _step(plan, Action.SYNC_LIBRARY)
    assert all(label.endswith(".mkv") for label in library.labels)
    assert all(label.endswith(".mkv") for label in _step(plan, Action.FORGET_FILES).labels)
    assert _step(plan, Action.SET_MEDIA_STATUS).labels == ("Tide Pool",)
    step_json = files.as_json()
    assert step_json["targets"] == list(files.targets)  # the ids the services take stay
    assert step_json["labels"] == list(files.labels)


def test_torrents_by_name_and_skipped_files_by_file_name() -> None:
    world, show = pack_library(0.4)
    plan = make_plan(
        inventory_of(world, show), DeletionRequest(series_id=5, episodes=("S01E01-E02",))
    )
    skip = _step(plan, Action.SKIP_FILES)
    files = ", ".join(f"Salt.Marsh.S01E0{n}.1080p.WEB.h264-GRP.mkv" for n in (1, 2))
    assert skip.labels == (f"{PACK}: {files}",)
    (kept,) = plan.kept
    assert kept.label == PACK
    assert kept.as_json()["label"] == PACK
    assert kept.as_json()["target"] == kept.target


def test_a_cascade_names_the_series_and_requests() -> None:
    world, show = singles_library()
    plan = make_plan(inventory_of(world, show), DeletionRequest(series_id=4, cascade=True))
    assert _step(plan, Action.DELETE_SERIES).labels == ("Tide Pool",)
    removes = [s for s in plan.steps if s.action is Action.REMOVE_TORRENT]
    assert sorted(label for s in removes for label in s.labels) == [
        "Tide.Pool.S01E05.1080p.WEB.h264-GRP",
        "Tide.Pool.S01E06.1080p.WEB.h264-GRP",
    ]
    requests = _step(plan, Action.DELETE_REQUESTS)
    assert requests.labels == tuple(f"#{t}" for t in requests.targets)


def test_what_the_inventory_cannot_name_keeps_its_id() -> None:
    world, show = singles_library()
    inventory = inventory_of(world, show)
    unknown = {
        Action.UNMONITOR: "999999",
        Action.DELETE_EPISODE_FILES: "not-a-number",
        Action.REMOVE_TORRENT: "f" * 40,
        Action.SYNC_LIBRARY: "no-such-item",
        Action.FORGET_FILES: "77",
    }
    for action, target in unknown.items():
        place = Place.SHOKO if action is Action.FORGET_FILES else Place.SONARR
        step = labelled(Step(place=place, action=action, targets=(target,)), inventory)
        assert step.labels == (target,), action
    rescan = Step(place=Place.SHOKO, action=Action.RESCAN, targets=("3",))
    assert labelled(rescan, inventory) is rescan
    assert rescan.as_json()["labels"] == ["3"]
    kept = Kept(Place.QBITTORRENT, "e" * 40, (), "why")
    assert labelled_kept(kept, inventory) is kept


def test_a_library_item_without_a_path_is_named_by_its_episodes() -> None:
    world, show = singles_library()
    inventory = inventory_of(world, show)
    assert inventory.library
    item_id, item = next(iter(inventory.library.items()))
    pathless = replace(inventory, library={item_id: replace(item, path=None)})
    step = Step(place=Place.JELLYFIN, action=Action.SYNC_LIBRARY, targets=(item_id,))
    codes = sorted(inventory.episodes[e].code for e in item.episode_ids)
    assert labelled(step, pathless).labels == ("+".join(codes),)
    nothing = replace(
        inventory, library={item_id: replace(item, path=None, episode_ids=frozenset())}
    )
    assert labelled(step, nothing).labels == (item_id,)
