"""Verification: each selected episode checked in every place it was; the summary says where not."""

from __future__ import annotations

from dataclasses import replace

from custom_components.status_tracker.deletion import DeletionRequest, Place, make_plan, verify
from custom_components.status_tracker.deletion.model import Inventory, SeerrMedia
from tests.support.library import deleted_in_sonarr, inventory_of, pack_library, singles_library


def _deleted(before: Inventory, episode_ids: list[int], *, keep_library: bool = False) -> Inventory:
    after = deleted_in_sonarr(before, episode_ids)
    library = dict(after.library or {})
    if not keep_library:
        library = {k: v for k, v in library.items() if not v.episode_ids & set(episode_ids)}
    torrents = {
        k: v for k, v in (after.torrents or {}).items() if not v.episode_ids & set(episode_ids)
    }
    seerr = after.seerr
    if seerr is not None:
        seerr = replace(seerr, status=4)
    shoko = {k: v for k, v in (after.shoko or {}).items() if not v.episode_ids & set(episode_ids)}
    return replace(after, library=library, torrents=torrents, seerr=seerr, shoko=shoko)


def test_everything_gone_everywhere() -> None:
    world, show = singles_library()
    before = inventory_of(world, show, shoko=True)
    plan = make_plan(before, DeletionRequest(series_id=4, episodes=("S01E01-E02",)))
    ids = [show.ep(1, 1)["id"], show.ep(1, 2)["id"]]
    result = verify(plan, before, _deleted(before, ids))
    assert result.episodes_deleted == tuple(ids)
    assert result.episodes_failed == ()
    assert not result.partial
    assert result.summary == "Deleted 2/2 episodes"


def test_a_service_that_answered_but_did_not_delete_is_caught() -> None:
    world, show = singles_library()
    before = inventory_of(world, show)
    plan = make_plan(before, DeletionRequest(series_id=4, episodes=("S01E01-E02",)))
    ids = [show.ep(1, 1)["id"], show.ep(1, 2)["id"]]
    after = _deleted(before, ids, keep_library=True)
    result = verify(plan, before, after)
    assert result.episodes_failed == tuple(ids)
    assert result.summary == "Deleted 0/2 episodes, 2 failed: Jellyfin still lists S01E01, S01E02"


def test_each_place_reports_its_own_leftovers() -> None:
    world, show = pack_library(0.4)
    before = inventory_of(world, show)
    plan = make_plan(before, DeletionRequest(series_id=5, episodes=("S01E01",)))
    # qBittorrent ignored the priority change, Sonarr kept monitoring.
    result = verify(plan, before, before)
    assert "qBittorrent still has the torrent of S01E01" in result.summary
    assert "Sonarr still has S01E01" in result.summary
    world, show = singles_library()
    before = inventory_of(world, show)
    plan = make_plan(before, DeletionRequest(series_id=4, cascade=True))
    result = verify(plan, before, before)
    assert result.episodes_failed
    assert "Jellyseerr still shows as available" in result.summary
    partial = verify(plan, before, replace(_deleted(before, list(before.episodes)), seerr=None))
    assert partial.episodes_deleted


def test_jellyseerr_must_not_show_a_series_available_that_lost_everything() -> None:
    world, show = singles_library()
    before = inventory_of(world, show)
    plan = make_plan(before, DeletionRequest(series_id=4, seasons=(1,)))
    (step,) = [s for s in plan.steps if s.place is Place.JELLYSEERR]
    assert step.params == {"status": "unknown"}  # nothing of the series is left
    ids = list(plan.episode_ids)
    after = _deleted(before, ids)
    assert after.seerr is not None
    for status, failed in ((5, True), (4, True), (1, False), (3, False)):
        seen = replace(after, seerr=SeerrMedia(after.seerr.media_id, status, {1: 5}, ()))
        assert bool(verify(plan, before, seen).episodes_failed) is failed, status


def test_a_series_already_partial_needs_no_jellyseerr_step() -> None:
    world, show = singles_library()
    before = inventory_of(world, show)
    assert before.seerr is not None
    partial = replace(before, seerr=replace(before.seerr, status=4))
    plan = make_plan(partial, DeletionRequest(series_id=4, episodes=("S01E01",)))
    assert not [s for s in plan.steps if s.place is Place.JELLYSEERR]
    unmonitored_only = make_plan(
        before, DeletionRequest(series_id=4, episodes=("S01E01",), delete_files=False)
    )
    assert not [s for s in unmonitored_only.steps if s.place is Place.JELLYSEERR]
