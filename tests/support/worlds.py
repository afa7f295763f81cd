"""Worlds the entity tests share: the tracking core's scenarios, one request each.

A world (``tests/support/world.py``) is what Sonarr, qBittorrent, Jellyfin and Jellyseerr say;
``stand_in.tracker_data`` correlates it into what the coordinator would publish.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from tests.support.world import GIB, World, torrent_hash

# -- the 13-episode season pack: one torrent, files finishing out of order --------------------

PACK = "Harbor.Lights.S01.1080p.ATVP.WEB-DL.DDP5.1.H.264-FLUX"
PACK_HASH = torrent_hash("harbor-pack")
# Each file has its own size; E03 and E07 are complete, E01/E02/E12 partly there.
SIZES = {n: 2_100_000_000 + n * 7_340_033 for n in range(1, 14)}
PROGRESS = {1: 0.45, 2: 0.12, 3: 1.0, 7: 1.0, 12: 0.6}
SAMPLE = 52_428_800
NFO = 4_210


def pack_files(progress: dict[int, float]) -> list[tuple[str, int, float]]:
    """The pack's files: 13 episodes at ``progress``, a finished sample and .nfo."""
    files = [
        (f"{PACK}/Harbor.Lights.S01E{n:02d}.1080p.ATVP.WEB-DL.DDP5.1.H.264-FLUX.mkv", size,
         progress.get(n, 0.0))
        for n, size in SIZES.items()
    ]  # fmt: skip
    files.append((f"{PACK}/Sample/harbor.lights.s01e01.sample.mkv", SAMPLE, 1.0))
    files.append((f"{PACK}/{PACK}.nfo", NFO, 1.0))
    return files


def pack_total() -> int:
    """The pack's size in bytes."""
    return sum(SIZES.values()) + SAMPLE + NFO


def pack_done(progress: dict[int, float]) -> int:
    """Bytes of the pack downloaded at ``progress``."""
    return sum(int(SIZES[n] * p) for n, p in progress.items()) + SAMPLE + NFO


def pack_world() -> World:
    """Harbor Lights (series 1): a 13-episode season pack, files finishing out of order."""
    world = World()
    show = world.add_series(
        1, "Harbor Lights", seasons={1: (datetime(2026, 7, 3, 1, 0, tzinfo=UTC), 13)}
    )
    world.request(show, [1])
    total = pack_total()
    left = total - pack_done(PROGRESS)
    world.download(
        show, show.season(1), download_id=PACK_HASH, title=PACK, size=total, sizeleft=left,
        release_type="SeasonPack",
    )  # fmt: skip
    world.torrent(PACK_HASH, PACK, size=total, progress=1 - left / total, amount_left=left)
    world.torrent_files(PACK_HASH, pack_files(PROGRESS))
    return world


def singles_world() -> World:
    """Salt Road (series 7): season 1 available, season 2 one torrent per episode."""
    states = {
        1: ("uploading", 1.0, 0, 0),
        2: ("downloading", 0.3, 6_000_000, 900),
        3: ("stalledDL", 0.52, 0, 8640000),
        4: ("stoppedDL", 0.8, 0, 8640000),
    }
    world = World()
    show = world.add_series(
        7,
        "Salt Road",
        seasons={
            1: (datetime(2025, 3, 2, 2, 0, tzinfo=UTC), 3),
            2: (datetime(2026, 10, 8, 2, 0, tzinfo=UTC), 5),
        },
    )
    world.request(show, [1, 2])
    world.has_files(show, show.season(1))
    for number, (state, progress, speed, eta) in states.items():
        download_id = torrent_hash(f"salt-{number}")
        title = f"Salt.Road.S02E{number:02d}.1080p.AMZN.WEB-DL.DDP5.1.H.264-NTb"
        size = 3 * GIB + number
        world.download(
            show, [show.ep(2, number)], download_id=download_id, title=title, size=size,
            sizeleft=round(size * (1 - progress)), release_type="SingleEpisode",
        )  # fmt: skip
        world.torrent(
            download_id, title, size=size, progress=progress, state=state, dlspeed=speed, eta=eta
        )
    return world


def failed_world() -> World:
    """Ember Line (series 5): failures from Sonarr and qBittorrent, one still downloading."""
    world = World()
    show = world.add_series(
        5, "Ember Line", seasons={1: (datetime(2026, 9, 1, 1, 0, tzinfo=UTC), 4)}
    )
    world.request(show, [1])
    title = "Ember.Line.S01E0{}.1080p.WEB.h264-SKYFiRE"

    def grab(number: int, **kwargs: Any) -> str:
        download_id = torrent_hash(f"ember-{number}")
        world.download(
            show, [show.ep(1, number)], download_id=download_id, title=title.format(number),
            size=GIB, **kwargs,
        )  # fmt: skip
        return download_id

    grab(1, state="failedPending", status="failed", error="Downloading: unpack failed")
    grab(
        2, state="importBlocked", status="completed",
        messages=[("Ember.Line.S01E02", ["Not an upgrade for existing episode file(s)"])],
    )  # fmt: skip
    error = grab(3)
    world.torrent(error, title.format(3), size=GIB, progress=0.4, state="error")
    ok = grab(4)
    world.torrent(ok, title.format(4), size=GIB, progress=0.5)
    return world


def awaiting_jellyfin_world() -> World:
    """Lowland (series 8): Sonarr imported E03, Jellyfin has not listed it yet."""
    world = World()
    show = world.add_series(8, "Lowland", seasons={1: (datetime(2026, 11, 1, 1, 0, tzinfo=UTC), 4)})
    world.request(show, [1])
    world.has_files(show, show.eps(1, [1, 2]))
    download_id = torrent_hash("lowland-3")
    title = "Lowland.S01E03.1080p.WEB.h264-GRACE"
    world.download(show, [show.ep(1, 3)], download_id=download_id, title=title, size=GIB,
                   sizeleft=0, state="imported", status="completed")  # fmt: skip
    world.torrent(download_id, title, size=GIB, progress=1.0, state="uploading")
    world.has_files(show, [show.ep(1, 3)], jellyfin=False)
    return world


def big_world(episodes: int = 100) -> World:
    """A worst case: ``episodes`` episodes, each its own release at its own progress."""
    world = World()
    show = world.add_series(
        42,
        "The Very Long Chronicle of an Extraordinarily Verbose Series Title",
        seasons={1: (datetime(2024, 1, 5, 1, 0, tzinfo=UTC), episodes)},
    )
    world.request(show, [1])
    for episode in show.episodes:
        episode["title"] = f"An Episode Title That Goes On and On, Part {episode['episodeNumber']}"
    for number in range(1, episodes + 1):
        download_id = torrent_hash(f"chronicle-{number}")
        title = (
            f"The.Very.Long.Chronicle.of.an.Extraordinarily.Verbose.Series.Title.S01E{number:03d}"
            ".An.Episode.Title.That.Goes.On.and.On.2160p.AMZN.WEB-DL.DDP5.1.Atmos.HDR.H.265-FLUX"
        )
        progress = (number % 97) / 100
        world.download(
            show, [show.ep(1, number)], download_id=download_id, title=title, size=4 * GIB,
            sizeleft=round(4 * GIB * (1 - progress)), release_type="SingleEpisode",
            messages=[(title, [f"Tracker {n} answered: stalled, no peers" for n in range(12)])],
        )  # fmt: skip
        world.torrent(download_id, title, size=4 * GIB, progress=progress, state="stalledDL")
    return world
