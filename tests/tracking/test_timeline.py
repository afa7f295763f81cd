"""Transitions as plain data: no duplicates, bounded, JSON round trip, defensive reading."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
import json

from custom_components.status_tracker.tracking.correlate import correlate
from custom_components.status_tracker.tracking.timeline import (
    MAX_EPISODE_TRANSITIONS,
    EpisodeMemory,
    RequestMemory,
    Timeline,
    Transition,
    step,
)
from tests.support.world import GIB, World, torrent_hash

T0 = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)


def test_step_records_changes_only() -> None:
    previous, since, transitions, new = step(None, "searching", T0, 4)
    assert (previous, since) == (None, T0)
    assert new == Transition(at=T0, status="searching", previous=None)
    memory = EpisodeMemory("searching", since, transitions)
    assert step(memory, "searching", T0 + timedelta(hours=1), 4) == (
        "searching", T0, transitions, None,
    )  # fmt: skip
    later = T0 + timedelta(hours=2)
    previous, since, transitions, new = step(memory, "found", later, 4)
    assert previous == "searching"
    assert since == later
    assert [t.status for t in transitions] == ["searching", "found"]


def test_step_keeps_the_last_transitions() -> None:
    memory = None
    for hour, status in enumerate(["searching", "found", "downloading"] * 10):
        _, since, transitions, _ = step(memory, status, T0 + timedelta(hours=hour), 5)
        memory = EpisodeMemory(status, since, transitions)
    assert memory is not None
    assert len(memory.transitions) == 5
    assert memory.transitions[-1].at == T0 + timedelta(hours=29)


def _state_world() -> World:
    world = World()
    show = world.add_series(
        9, "Copper Canyon", seasons={1: (datetime(2026, 10, 1, 1, 0, tzinfo=UTC), 3)}
    )
    world.request(show, [1])
    download_id = torrent_hash("copper-1")
    world.download(show, [show.ep(1, 1)], download_id=download_id,
                   title="Copper.Canyon.S01E01.1080p.WEB.h264-GRP", size=GIB)  # fmt: skip
    world.torrent(download_id, "Copper.Canyon.S01E01.1080p.WEB.h264-GRP", size=GIB, progress=0.5)
    return world


def test_json_round_trip_feeds_the_next_run() -> None:
    world = _state_world()
    first = correlate(world.snapshot())
    stored = json.loads(json.dumps(first.timeline.to_json()))
    restored = Timeline.from_json(stored)
    assert restored == first.timeline
    again = correlate(world.snapshot(), restored)
    assert again.events == ()
    assert again.timeline == first.timeline


def test_from_json_drops_damaged_entries() -> None:
    good = {
        "status": "downloading",
        "since": "2026-11-21T09:00:00+00:00",
        "transitions": [
            ["2026-11-21T09:00:00+00:00", "downloading", None],
            ["bad", "downloading", None],
            ["2026-11-21T09:00:00+00:00", "nonsense", None],
            ["2026-11-21T09:00:00+00:00", "available", "nonsense"],
            ["too", "short"],
            "not a list",
        ],
        "seasons": [1, -1, "2"],
        "episode_ids": [9001, 0, True],
        "episodes": {
            "9001": {"status": "found", "since": "2026-11-21T09:00:00+00:00",
                     "transitions": [["2026-11-21T09:00:00+00:00", "found", "searching"]]},
            "9002": {"status": "bogus", "since": "2026-11-21T09:00:00+00:00"},
            "x": {"status": "found", "since": "2026-11-21T09:00:00+00:00"},
            "9003": "not a record",
            "9004": {"status": "found"},
        },
    }  # fmt: skip
    data = {
        "version": 1,
        "requests": {
            "9": good,
            "0": good,
            "-3": good,
            "abc": good,
            "10": {"status": "nonsense", "since": "2026-11-21T09:00:00+00:00"},
            "11": {"status": "available"},
            "12": [],
        },
    }
    timeline = Timeline.from_json(data)
    assert list(timeline.requests) == [9]
    memory = timeline.requests[9]
    assert memory.seasons == (1,)
    assert memory.episode_ids == (9001,)
    assert [t.status for t in memory.transitions] == ["downloading"]
    assert list(memory.episodes) == [9001]
    assert memory.episodes[9001].transitions[0].previous == "searching"
    assert memory.episodes[9001].transitions[0].status == "found"


def test_from_json_of_garbage_is_empty() -> None:
    garbage: object
    for garbage in (None, 3, "x", [], {"requests": None}, {"requests": [1, 2]}):
        assert Timeline.from_json(garbage).requests == {}
    # Integer keys (a timeline that never went through JSON) are accepted too.
    memory = RequestMemory("requested", T0, (), (1,), (), {})
    assert Timeline.from_json(
        {"requests": {7: Timeline({7: memory}).to_json()["requests"]["7"]}}
    ) == (Timeline({7: memory}))
    assert Timeline.from_json({"requests": {True: {}, 0: {}}}).requests == {}


def test_episode_transitions_are_capped_in_a_long_life() -> None:
    world = _state_world()
    torrent = world.torrents[torrent_hash("copper-1")]
    state = correlate(world.snapshot())
    for cycle in range(40):
        torrent["state"] = "stoppedDL" if cycle % 2 else "error"
        world.now += timedelta(minutes=1)
        state = correlate(world.snapshot(), state)
    memory = state.timeline.requests[9].episodes[9001]
    assert len(memory.transitions) == MAX_EPISODE_TRANSITIONS


def test_transitions_that_are_not_a_list() -> None:
    data = {"requests": {"9": {"status": "available", "since": "2026-11-21T09:00:00+00:00",
                               "transitions": "none"}}}  # fmt: skip
    assert Timeline.from_json(data).requests[9].transitions == ()
