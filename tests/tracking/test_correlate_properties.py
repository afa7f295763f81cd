"""Property tests: the correlator never raises, damage stays local, figures stay sane."""

from __future__ import annotations

from collections.abc import Callable
import copy
from datetime import UTC, datetime, timedelta
import math
from typing import Any

from hypothesis import HealthCheck, given, settings, strategies as st

from custom_components.status_tracker.tracking.correlate import TrackingState, correlate
from custom_components.status_tracker.tracking.snapshot import Snapshot
from custom_components.status_tracker.tracking.status import EpisodeStatus
from tests.support.world import GIB, NOW, World, torrent_hash

NAMES = ["Harbor Lights", "Salt Road", "Northwind", "Tidewater", "Ember Line"]
QBT_STATES = [
    "downloading", "stalledDL", "stoppedDL", "pausedDL", "queuedDL", "metaDL", "uploading",
    "stalledUP", "error", "missingFiles", "checkingDL", "forcedDL",
]  # fmt: skip
SONARR_STATES = ["downloading", "importPending", "importing", "importBlocked", "imported",
                 "failedPending", "failed", "ignored"]  # fmt: skip
SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Garbage that cannot point at another record by accident: no small positive ids (not even as
# integral floats), no hash-like or id-like strings.
_INERT_INTS = st.integers(max_value=0) | st.integers(min_value=10**12, max_value=10**30)
_INERT_FLOATS = st.floats(allow_nan=True, allow_infinity=True).filter(
    lambda f: math.isnan(f) or not (f.is_integer() and 0 < f < 1e12)
)
_INERT_TEXT = st.text(alphabet="xyzXYZ -./", max_size=8)
GARBAGE: st.SearchStrategy[Any] = st.recursive(
    st.none() | st.booleans() | _INERT_INTS | _INERT_FLOATS | _INERT_TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_INERT_TEXT, inner, max_size=3),
    max_leaves=6,
)


@st.composite
def worlds(draw: st.DrawFn) -> World:
    """A small library: 2-4 series with files, requests, single downloads or a season pack."""
    world = World()
    for series_id in range(1, draw(st.integers(2, 4)) + 1):
        anime = draw(st.booleans())
        seasons = {
            season: (
                draw(st.sampled_from([NOW - timedelta(days=200), NOW - timedelta(days=20),
                                      NOW + timedelta(days=3)])),
                draw(st.integers(1, 6)),
            )
            for season in range(1, draw(st.integers(1, 2)) + 1)
        }  # fmt: skip
        added = draw(st.sampled_from([NOW - timedelta(days=900), NOW - timedelta(days=2)]))
        show = world.add_series(
            series_id, NAMES[series_id], seasons=seasons, anime=anime, added=added
        )
        for episode in show.episodes:
            if draw(st.booleans()):
                world.has_files(show, [episode], jellyfin=draw(st.booleans()))
        if draw(st.booleans()):
            world.request(show, draw(st.lists(st.sampled_from(list(seasons)), unique=True)))
        kind = draw(st.sampled_from(["none", "single", "pack"]))
        dotted = show.title.replace(" ", ".")
        if kind == "single":
            for episode in show.episodes[: draw(st.integers(1, 3))]:
                number = episode["episodeNumber"]
                title = f"{dotted}.S{episode['seasonNumber']:02d}E{number:02d}.1080p.WEB.h264-GRP"
                _download(draw, world, show, [episode], title, [(f"{title}.mkv", None)])
        elif kind == "pack":
            episodes = show.season(1)
            title = f"{dotted}.S01.1080p.WEB.h264-GRP"
            names = []
            for episode in episodes:
                if anime:
                    name = (
                        f"[GRP] {show.title} - {episode['absoluteEpisodeNumber']:02d} (1080p).mkv"
                    )
                else:
                    name = f"{dotted}.S01E{episode['episodeNumber']:02d}.1080p.WEB.h264-GRP.mkv"
                names.append((f"{title}/{name}", episode["id"]))
            names.append((f"{title}/Sample/sample.mkv", None))
            _download(draw, world, show, episodes, title, names)
    return world


def _download(
    draw: st.DrawFn,
    world: World,
    show: Any,
    episodes: list[dict[str, Any]],
    title: str,
    names: list[tuple[str, int | None]],
) -> None:
    download_id = torrent_hash(f"{show.id}-{title}")
    files = [(name, draw(st.integers(1, 4 * GIB)), draw(st.floats(0, 1))) for name, _ in names]
    size = sum(f[1] for f in files)
    done = sum(f[1] * f[2] for f in files)
    world.download(
        show, episodes, download_id=download_id, title=title, size=size,
        sizeleft=round(size - done), state=draw(st.sampled_from(SONARR_STATES)),
    )  # fmt: skip
    if draw(st.booleans()):
        world.torrent(
            download_id, title, size=size, progress=done / size,
            state=draw(st.sampled_from(QBT_STATES)), eta=draw(st.sampled_from([60, 8640000])),
        )  # fmt: skip
        if draw(st.booleans()):
            world.torrent_files(download_id, files)


def _parts(world: World) -> dict[str, Any]:
    snapshot = world.snapshot()
    return {
        name: copy.deepcopy(getattr(snapshot, name))
        for name in (
            "sonarr_series", "sonarr_episodes", "sonarr_queue", "sonarr_history",
            "sonarr_commands", "torrents", "torrent_files", "jellyfin_series",
            "jellyfin_episodes", "jellyseerr_requests",
        )
    }  # fmt: skip


def _check_sane(state: TrackingState) -> None:
    for request in state.requests.values():
        ids = [e.episode_id for e in request.episodes]
        assert len(ids) == len(set(ids))  # each episode once
        progress = request.progress
        assert 0 <= progress.episodes_available <= progress.episodes_aired
        assert progress.episodes_aired <= progress.episodes_total == len(ids)
        assert 0 <= progress.percent_episodes <= 100
        assert 0 <= progress.bytes_done <= progress.bytes_total
        assert progress.percent_bytes is None or 0 <= progress.percent_bytes <= 100
        assert sum(progress.counts.values()) == len(ids)
        for episode in request.episodes:
            assert 0.0 <= episode.progress <= 1.0
            if episode.status is EpisodeStatus.AVAILABLE:
                assert episode.progress == 1.0
        for download in request.downloads:
            assert 0.0 <= download.progress <= 1.0
    assert not [p for p in state.problems if "internal error" in p]


@given(worlds())
@SETTINGS
def test_valid_worlds_are_sane_and_stable(world: World) -> None:
    first = correlate(world.snapshot())
    _check_sane(first)
    again = correlate(world.snapshot(), first)
    assert again.events == ()  # nothing changed: no transition
    assert again.requests.keys() == first.requests.keys()


def _series_records(parts: dict[str, Any], series_id: int) -> list[tuple[str, Any, Any]]:
    """(kind, container, key) of every record that belongs to one series."""
    found: list[tuple[str, Any, Any]] = []
    tvdb = next(s["tvdbId"] for s in parts["sonarr_series"] if s["id"] == series_id)
    hashes = {r["downloadId"].lower() for r in parts["sonarr_queue"] if r["seriesId"] == series_id}
    jf_series = {s["Id"] for s in parts["jellyfin_series"] if s["ProviderIds"]["Tvdb"] == str(tvdb)}
    for name, belongs in (
        ("sonarr_series", lambda r: r["id"] == series_id),
        ("sonarr_episodes", lambda r: r["seriesId"] == series_id),
        ("sonarr_queue", lambda r: r["seriesId"] == series_id),
        ("sonarr_history", lambda r: r["seriesId"] == series_id),
        ("jellyfin_series", lambda r: r["Id"] in jf_series),
        ("jellyfin_episodes", lambda r: r["SeriesId"] in jf_series),
        ("jellyseerr_requests", lambda r: r["media"]["tvdbId"] == tvdb),
    ):
        found += [(name, parts[name], i) for i, r in enumerate(parts[name]) if belongs(r)]
    for name in ("torrents", "torrent_files"):
        found += [(name, parts[name], key) for key in parts[name] if key in hashes]
    return found


def _damage(draw: Callable[[st.SearchStrategy[Any]], Any], container: Any, key: Any) -> None:
    """Break one record: a field replaced, deleted or nested garbage, or the record itself."""
    record = container[key]
    how = draw(st.sampled_from(["field", "delete", "record", "nested"]))
    if how == "record" or not isinstance(record, dict | list) or not record:
        container[key] = draw(GARBAGE)
        return
    if isinstance(record, list):  # a torrent's file list
        index = draw(st.integers(0, len(record) - 1))
        item = record[index]
        record[index] = {**item, "name": None} if isinstance(item, dict) else draw(GARBAGE)
        return
    field = draw(st.sampled_from(sorted(record)))
    if how == "delete":
        del record[field]
    elif how == "nested" and isinstance(record[field], dict | list) and record[field]:
        inner = record[field]
        inner_key = draw(st.sampled_from(sorted(inner) if isinstance(inner, dict) else
                                         list(range(len(inner)))))  # fmt: skip
        inner[inner_key] = draw(GARBAGE)
    else:
        record[field] = draw(GARBAGE)


@given(worlds(), st.data())
@SETTINGS
def test_damage_stays_local(world: World, data: st.DataObject) -> None:
    parts = _parts(world)
    before = correlate(Snapshot(now=NOW, **copy.deepcopy(parts)))
    target = data.draw(st.sampled_from(sorted(world.shows)))
    records = _series_records(parts, target)
    for _ in range(data.draw(st.integers(1, 6))):
        kind, container, key = data.draw(st.sampled_from(records))
        del kind
        if key in (container if isinstance(container, dict) else range(len(container))):
            _damage(data.draw, container, key)
    after = correlate(Snapshot(now=NOW, **parts))
    _check_sane(after)
    for series_id, request in before.requests.items():
        if series_id != target:
            assert after.requests.get(series_id) == request
    # (A damaged id may file the target's request under a new key: still the target's.)
    others = {key for key in after.requests if key in world.shows} - {target}
    assert others == set(before.requests) - {target}


@given(worlds(), st.data())
@SETTINGS
def test_malformed_snapshots_never_raise(world: World, data: st.DataObject) -> None:
    parts = _parts(world)
    anything = st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner,
                                                                    max_size=3),
        max_leaves=8,
    )  # fmt: skip
    for _ in range(data.draw(st.integers(1, 8))):
        name = data.draw(st.sampled_from(sorted(parts)))
        part = parts[name]
        if data.draw(st.integers(0, 9)) == 0 or not isinstance(part, dict | list) or not part:
            parts[name] = data.draw(anything)  # the whole payload is something else
            continue
        keys = list(part) if isinstance(part, dict) else list(range(len(part)))
        key = data.draw(st.sampled_from(keys))
        record = part[key]
        if isinstance(record, dict) and record and data.draw(st.booleans()):
            record[data.draw(st.sampled_from(sorted(record)))] = data.draw(anything)
        else:
            part[key] = data.draw(anything)
    state = correlate(Snapshot(now=NOW, **parts))
    _check_sane(state)


@given(
    st.lists(st.tuples(st.integers(1, 8 * GIB), st.floats(0, 1)), min_size=2, max_size=13),
    st.booleans(),
)
@SETTINGS
def test_pack_progress_agrees_with_bytes(files: list[tuple[int, float]], anime: bool) -> None:
    world = World()
    show = world.add_series(
        1, "Harbor Lights", anime=anime,
        seasons={1: (datetime(2026, 1, 1, tzinfo=UTC), len(files))},
    )  # fmt: skip
    world.request(show, [1])
    title = "Harbor.Lights.S01.1080p.WEB.h264-GRP"
    named = []
    for number, (size, progress) in enumerate(files, start=1):
        name = (f"[GRP] Harbor Lights - {number:02d} (1080p).mkv" if anime
                else f"Harbor.Lights.S01E{number:02d}.1080p.WEB.h264-GRP.mkv")  # fmt: skip
        named.append((f"{title}/{name}", size, progress))
    total = sum(size for size, _ in files)
    done = sum(size * progress for size, progress in files)
    download_id = torrent_hash("pack")
    world.download(show, show.season(1), download_id=download_id, title=title, size=total,
                   sizeleft=round(total - done))  # fmt: skip
    world.torrent(download_id, title, size=total, progress=done / total)
    world.torrent_files(download_id, named)

    request = correlate(world.snapshot()).requests[1]
    for episode, (size, progress) in zip(request.episodes, files, strict=True):
        assert episode.size_bytes == size
        if progress < 1:
            assert abs(episode.progress - progress) < 1e-9
    figures = request.progress
    assert figures.bytes_total == total
    assert figures.bytes_done == sum(int(size * progress) for size, progress in files)
    # The pack's progress by bytes is the torrent's (within a byte of rounding per file).
    assert abs(figures.bytes_done - done) <= len(files)
    assert request.downloads[0].progress == done / total
