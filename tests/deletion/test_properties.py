"""Properties of every plan, over random libraries and selections (Hypothesis)."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given, settings, strategies as st

from custom_components.status_tracker.deletion import (
    Action,
    DeletionRequest,
    Place,
    make_plan,
)
from custom_components.status_tracker.deletion.rules import is_gone
from tests.support.library import inventory_of
from tests.support.world import GIB, World, torrent_hash

EPISODES = 10


@st.composite
def libraries(draw: st.DrawFn) -> tuple[World, set[int], DeletionRequest]:
    world = World()
    show = world.add_series(
        3, "Drift", seasons={1: (datetime(2026, 9, 1, 1, 0, tzinfo=UTC), EPISODES)}
    )
    world.request(show, [1])
    numbers = list(range(1, EPISODES + 1))
    with_files = draw(st.sets(st.sampled_from(numbers)))
    world.has_files(show, show.eps(1, sorted(with_files)))
    for number in draw(st.sets(st.sampled_from(numbers))):
        show.ep(1, number)["monitored"] = False
    # Torrents: some packs over random runs of episodes, some singles.
    covered: list[list[int]] = draw(
        st.lists(st.sets(st.sampled_from(numbers), min_size=1), max_size=4)
    )
    for n, episodes in enumerate(covered):
        ordered = sorted(episodes)
        download_id = torrent_hash(f"drift-{n}")
        title = f"Drift.S01.Part{n}.1080p.WEB.h264-GRP"
        progress = draw(st.sampled_from([0.0, 0.5, 1.0]))
        world.download(show, show.eps(1, ordered), download_id=download_id, title=title, size=GIB)
        world.torrent(download_id, title, size=GIB, progress=progress)
        world.torrent_files(
            download_id,
            [(f"{title}/Drift.S01E{e:02d}.mkv", GIB, progress) for e in ordered],
        )
    selected = draw(st.sets(st.sampled_from(numbers), min_size=1))
    request = DeletionRequest(
        series_id=3,
        episodes=tuple(f"S01E{n:02d}" for n in sorted(selected)),
        delete_files=draw(st.booleans()),
        unmonitor=draw(st.booleans()),
    )
    return world, {show.ep(1, n)["id"] for n in selected}, request


@settings(max_examples=150, deadline=None)
@given(libraries())
def test_a_plan_touches_only_the_selection(case: tuple[World, set[int], DeletionRequest]) -> None:
    """No step names an episode, file or item outside the selection; no torrent that still
    backs a kept episode is removed; no file of a kept episode is deleted."""
    world, selected, request = case
    show = world.shows[3]
    inventory = inventory_of(world, show)
    plan = make_plan(inventory, request)
    kept = {e.id for e in inventory.episodes.values() if e.id not in selected and not is_gone(e)}
    file_of = {e.file_id: e.id for e in inventory.episodes.values() if e.file_id is not None}
    torrents = inventory.torrents or {}
    for step in plan.steps:
        if step.place is not Place.QBITTORRENT:
            assert set(step.episode_ids) <= selected, step
        if step.action is Action.REMOVE_TORRENT:
            torrent = torrents[step.targets[0]]
            assert not torrent.episode_ids & kept, step
            assert torrent.episode_ids & selected
        if step.action is Action.SKIP_FILES:
            torrent = torrents[step.targets[0]]
            for file in torrent.files:
                if file.index in step.params["file_indexes"]:
                    assert file.episode_ids <= selected
        if step.action is Action.DELETE_EPISODE_FILES:
            assert {file_of[int(t)] for t in step.targets} <= selected
        if step.action is Action.UNMONITOR:
            assert {int(t) for t in step.targets} <= selected
