"""Bench section "cycle": one full correlation of a large, realistic library.

The library: 200 series of 50 episodes (10,000 episodes), every one requested in Jellyseerr,
2,000 torrents in qBittorrent of which 100 are active (20 season packs of 24 files, 80 single
episodes) and 1,900 old ones seeding that Sonarr no longer knows. Jellyfin lists every episode
Sonarr has a file for. The 100 series without downloads are complete: 90 of their requests were
fulfilled long ago (no longer tracked), 10 within the retention window (tracked, available).
``cycle_ms`` times that library; ``cycle_ms_all_tracked`` times the worst case, where all 200
requests are recent and every series is tracked.

Every timed cycle correlates a freshly decoded snapshot (``json.loads`` of the same payloads, so no
object survives from one cycle to the next), with the previous cycle's state as in production. The
status counts of every cycle are checked against the numbers the library was built with; a
correlator that skips work fails the section instead of looking fast.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
import gc
import json
import statistics
import time
import tracemalloc
from typing import Any

from custom_components.status_tracker.tracking.correlate import correlate
from custom_components.status_tracker.tracking.snapshot import Snapshot
from custom_components.status_tracker.tracking.status import EpisodeStatus
from tests.support.world import GIB, NOW, World, torrent_hash

SERIES = 200
PACKS = 20  # series 1..20: S01 available, S02E01-E24 in one pack, S02E25 missing
SINGLES = 80  # series 21..100: everything but S02E25 available, S02E25 downloading alone
RECENT_COMPLETE = 10  # series 101..110: complete, request fulfilled two days ago
OLD_TORRENTS = 1_900
PACK_FILES = 24
ROUNDS = 15

PARTS = (
    "sonarr_series",
    "sonarr_episodes",
    "sonarr_queue",
    "sonarr_history",
    "sonarr_commands",
    "torrents",
    "torrent_files",
    "jellyfin_series",
    "jellyfin_episodes",
    "jellyseerr_requests",
)


def _file_progress(index: int) -> float:
    """Pack files finish out of order: 0 %, 20 %, … 80 %, repeating."""
    return (index % 5) / 5


def tracked_series(*, all_tracked: bool) -> int:
    """How many series are requests in the library."""
    return SERIES if all_tracked else PACKS + SINGLES + RECENT_COMPLETE


def expected_counts(*, all_tracked: bool) -> dict[str, int]:
    """Status counts implied by how the library is built (computed independently of it)."""
    not_started = sum(1 for i in range(PACK_FILES) if _file_progress(i) == 0)
    complete = tracked_series(all_tracked=all_tracked) - PACKS - SINGLES
    return {
        EpisodeStatus.AVAILABLE.value: PACKS * 25 + SINGLES * 49 + complete * 50,
        EpisodeStatus.DOWNLOADING.value: PACKS * (PACK_FILES - not_started) + SINGLES,
        EpisodeStatus.FOUND.value: PACKS * not_started,
        EpisodeStatus.SEARCHING.value: PACKS,
    }


def build_world(*, all_tracked: bool = False) -> World:
    """The library described in the module docstring."""
    world = World()
    seasons = {
        1: (datetime(2024, 1, 3, 2, 0, tzinfo=UTC), 25),
        2: (datetime(2025, 1, 8, 2, 0, tzinfo=UTC), 25),
    }
    for series_id in range(1, SERIES + 1):
        show = world.add_series(
            series_id, f"Show Number {series_id}", seasons=seasons, anime=series_id % 5 == 0
        )
        request = world.request(show, [1, 2])
        if not all_tracked and series_id > PACKS + SINGLES:
            recent = series_id <= PACKS + SINGLES + RECENT_COMPLETE
            fulfilled = NOW - (timedelta(days=2) if recent else timedelta(days=400))
            request["createdAt"] = request["updatedAt"] = fulfilled.isoformat()
            request["status"] = 5  # MediaRequestStatus.COMPLETED
            request["media"]["status"] = 5  # MediaStatus.AVAILABLE
        if series_id <= PACKS:
            world.has_files(show, show.season(1))
            title = f"Show.Number.{series_id}.S02.1080p.WEB.h264-GRP"
            pack_hash = torrent_hash(f"pack-{series_id}")
            episodes = show.season(2)[:PACK_FILES]
            files = [
                (
                    f"{title}/Show.Number.{series_id}.S02E{e['episodeNumber']:02d}"
                    ".1080p.WEB.h264-GRP.mkv",
                    GIB,
                    _file_progress(i),
                )
                for i, e in enumerate(episodes)
            ]
            done = sum(progress for _, _, progress in files)
            world.download(
                show,
                episodes,
                download_id=pack_hash,
                title=title,
                size=PACK_FILES * GIB,
                sizeleft=round((PACK_FILES - done) * GIB),
                release_type="SeasonPack",
            )
            world.torrent(pack_hash, title, size=PACK_FILES * GIB, progress=done / PACK_FILES)
            world.torrent_files(pack_hash, files)
        elif series_id <= PACKS + SINGLES:
            world.has_files(show, show.episodes[:49])
            episode = show.ep(2, 25)
            title = f"Show.Number.{series_id}.S02E25.1080p.WEB.h264-GRP"
            single_hash = torrent_hash(f"single-{series_id}")
            world.download(
                show, [episode], download_id=single_hash, title=title, size=GIB, sizeleft=GIB // 2
            )
            world.torrent(single_hash, f"{title}.mkv", size=GIB, progress=0.5)
        else:
            world.has_files(show, show.episodes)
    for index in range(OLD_TORRENTS):
        world.torrent(
            torrent_hash(f"old-{index}"),
            f"Old.Show.{index}.S01E01.1080p.WEB.h264-GRP.mkv",
            size=GIB,
            progress=1.0,
            state="stalledUP",
        )
    return world


def _counts(state: Any) -> dict[str, int]:
    return dict(
        Counter(
            episode.status.value
            for request in state.requests.values()
            for episode in request.episodes
        )
    )


def _check(state: Any, expected: dict[str, int], requests: int) -> None:
    counts = _counts(state)
    if counts != expected:
        raise AssertionError(f"status counts {counts} differ from the library's {expected}")
    if len(state.requests) != requests:
        raise AssertionError(f"{len(state.requests)} requests, expected {requests}")


def measure(*, all_tracked: bool) -> dict[str, Any]:
    """Time ROUNDS correlations and ``json.loads`` of the same payloads; measure peak memory."""
    world = build_world(all_tracked=all_tracked)
    snapshot = world.snapshot()
    payload = json.dumps({name: getattr(snapshot, name) for name in PARTS})
    expected = expected_counts(all_tracked=all_tracked)
    requests = tracked_series(all_tracked=all_tracked)

    def fresh() -> Snapshot:
        return Snapshot(now=NOW, **json.loads(payload))

    state = correlate(fresh())  # the first cycle after start: parses every name once
    _check(state, expected, requests)
    cycle_times: list[float] = []
    load_times: list[float] = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        decoded = json.loads(payload)
        load_times.append(time.perf_counter() - started)
        next_snapshot = Snapshot(now=NOW, **decoded)
        gc.collect()
        started = time.perf_counter()
        state = correlate(next_snapshot, state)
        cycle_times.append(time.perf_counter() - started)
        _check(state, expected, requests)

    next_snapshot = fresh()
    gc.collect()
    tracemalloc.start()
    state = correlate(next_snapshot, state)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    _check(state, expected, requests)
    return {
        "cycle_ms": statistics.median(cycle_times) * 1000,
        "json_loads_ms": statistics.median(load_times) * 1000,
        "peak_mb": peak / 1_000_000,
        "library": {
            "series": SERIES,
            "requests": requests,
            "episodes": len(world.episodes),
            "torrents": len(world.torrents),
            "active_torrents": PACKS + SINGLES,
            "payload_mb": round(len(payload) / 1_000_000, 2),
            "status_counts": _counts(state),
        },
    }


def run() -> dict[str, object]:
    """The library's figures, plus the everything-tracked worst case beside them."""
    usual = measure(all_tracked=False)
    worst = measure(all_tracked=True)
    return {
        "cycle_ms": round(usual["cycle_ms"], 2),
        "json_loads_ms": round(usual["json_loads_ms"], 2),
        "cycle_to_json_ratio": round(usual["cycle_ms"] / usual["json_loads_ms"], 2),
        "state_peak_mb": round(usual["peak_mb"], 2),
        "cycle_library": usual["library"],
        "cycle_ms_all_tracked": round(worst["cycle_ms"], 2),
        "cycle_to_json_ratio_all_tracked": round(worst["cycle_ms"] / worst["json_loads_ms"], 2),
        "state_peak_mb_all_tracked": round(worst["peak_mb"], 2),
        "cycle_library_all_tracked": worst["library"],
    }
