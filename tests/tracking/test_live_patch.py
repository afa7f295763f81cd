"""The live feeds' rows and patches: only what changed; a patch applied gives the new picture."""

from __future__ import annotations

from datetime import UTC, datetime
import json
from typing import Any

from custom_components.status_tracker.tracking import (
    request_row,
    request_tree,
    row_key,
    rows_patch,
    tree_patch,
)
from custom_components.status_tracker.tracking.correlate import correlate
from tests.support.live import apply_rows_patch, apply_tree_patch, normalized
from tests.support.world import GIB, World, torrent_hash
from tests.support.worlds import PACK_HASH, PROGRESS, pack_files, pack_world


def _tree(world: World) -> dict[str, Any]:
    return request_tree(correlate(world.snapshot()).requests[1])


def test_one_file_moving_patches_its_episode_and_the_figures() -> None:
    world = pack_world()
    before = _tree(world)
    world.torrent_files(PACK_HASH, pack_files({**PROGRESS, 2: 0.5}))
    after = _tree(world)

    patch = tree_patch(before, after)

    assert patch is not None
    assert [(row["season"], row["episode"]) for row in patch["episodes"]] == [(1, 2)]
    assert "removed" not in patch
    assert "seasons" not in patch["changed"]
    assert patch["changed"]["percent_bytes"] == after["percent_bytes"]
    assert "downloads" not in patch  # the torrent's own figures did not move
    assert "title" not in patch["changed"]
    assert apply_tree_patch(before, patch) == normalized(after)


def test_the_same_tree_is_no_patch() -> None:
    world = pack_world()
    assert tree_patch(_tree(world), _tree(world)) is None


def test_episodes_leaving_and_fields_appearing() -> None:
    after = _tree(pack_world())
    before = apply_tree_patch(after, {"removed": [], "changed": {}})
    del before["summary"]
    before["seasons"][0]["episodes"].append(
        {**before["seasons"][0]["episodes"][0], "episode_id": 9}
    )

    patch = tree_patch(before, after)

    assert patch == {"changed": {"summary": after["summary"]}, "removed": [9]}
    assert apply_tree_patch(before, patch) == normalized(after)


def test_request_row_is_the_list_line() -> None:
    world = pack_world()
    request = correlate(world.snapshot()).requests[1]

    row = request_row(request, "entry-a")

    assert row_key(row) == ("entry-a", 1)
    assert row["title"] == "Harbor Lights"
    assert row["status"] == request.status.value
    assert (row["episodes_available"], row["episodes_total"]) == (0, 13)
    assert row["percent_bytes"] == round(request.progress.percent_bytes or 0.0, 1)
    assert request.progress.eta is not None
    assert row["eta"] == request.progress.eta.isoformat()
    newest = max([request.since, *(e.since for e in request.episodes)])
    assert row["activity"] == newest.isoformat()


def test_rows_patch_sends_changed_and_removed_rows_only() -> None:
    rows = {
        ("a", 1): {"entry_id": "a", "series_id": 1, "percent_episodes": 10.0},
        ("a", 2): {"entry_id": "a", "series_id": 2, "percent_episodes": 50.0},
        ("b", 1): {"entry_id": "b", "series_id": 1, "percent_episodes": 0.0},
    }
    new = {
        ("a", 1): rows[("a", 1)],
        ("a", 2): {**rows[("a", 2)], "percent_episodes": 60.0},
        ("b", 3): {"entry_id": "b", "series_id": 3, "percent_episodes": 0.0},
    }

    patch = rows_patch(rows, new)

    assert patch == {
        "changed": [new[("a", 2)], new[("b", 3)]],
        "removed": [{"entry_id": "b", "series_id": 1}],
    }
    assert apply_rows_patch(list(rows.values()), patch) == [new[k] for k in sorted(new)]
    assert rows_patch(new, new) is None
    assert rows_patch({}, new) == {"changed": list(new.values())}


def test_a_patch_is_bounded_by_what_changed_not_by_the_request() -> None:
    """500 episodes, one file of a 50-episode pack moves: one row and three figures are sent."""
    world = World()
    aired = datetime(2024, 1, 5, 1, 0, tzinfo=UTC)
    show = world.add_series(9, "Long Anime", seasons=dict.fromkeys(range(1, 11), (aired, 50)))
    world.request(show, list(range(1, 11)))
    title = "Long.Anime.S01.1080p.WEB-DL-GROUP"
    download_id = torrent_hash("long")
    files = [(f"{title}/Long.Anime.S01E{n:02d}.1080p.mkv", GIB, 0.3) for n in range(1, 51)]
    world.download(
        show, show.season(1), download_id=download_id, title=title, size=50 * GIB,
        sizeleft=35 * GIB, release_type="SeasonPack",
    )  # fmt: skip
    world.torrent(download_id, title, size=50 * GIB, progress=0.3)
    world.torrent_files(download_id, files)
    before = request_tree(correlate(world.snapshot()).requests[9])
    files[0] = (files[0][0], GIB, 0.6)
    world.torrent_files(download_id, files)
    world.torrent(download_id, title, size=50 * GIB, progress=0.306)
    after = request_tree(correlate(world.snapshot()).requests[9])

    patch = tree_patch(before, after)

    assert patch is not None
    assert sum(len(season["episodes"]) for season in after["seasons"]) == 500
    assert [(row["season"], row["episode"]) for row in patch["episodes"]] == [(1, 1)]
    assert set(patch["changed"]) <= {"percent_bytes", "summary", "eta"}
    assert len(patch["downloads"]) == 1
    # The first message is the whole tree; this one is two orders of magnitude smaller.
    assert len(json.dumps(patch)) * 100 < len(json.dumps(after))
    assert apply_tree_patch(before, patch) == normalized(after)
