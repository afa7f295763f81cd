"""Scenario: a long-running anime whose scene-style files carry only the absolute number.

``Show.1102.Title`` is S11E02 in scene compact numbering, but for a series Sonarr types as
anime it is absolute episode 1102. The correlator passes the series type to the parser, so the
pack's files land on the right rows.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from custom_components.status_tracker.tracking.correlate import correlate
from custom_components.status_tracker.tracking.status import EpisodeStatus
from tests.support.world import World, torrent_hash

SERIES_ID = 7
PACK = "Meitantei.Kanade.S12.720p.HDTV.x264-KNDE"
PACK_HASH = torrent_hash("kanade-s12")
FILE_SIZE = 350_000_000
EPISODE_TITLES = ["The.Locked.Room", "The.Last.Train", "A.Quiet.Witness", "Red.Umbrella"]


@pytest.fixture
def world() -> World:
    world = World()
    # Twelve seasons of 100 episodes: absolute 1102 is S12E02, while S11E02 is absolute 1002.
    show = world.add_series(
        SERIES_ID,
        "Meitantei Kanade",
        anime=True,
        seasons={n: (datetime(1996 + 2 * n, 1, 8, 10, 0, tzinfo=UTC), 100) for n in range(1, 13)},
    )
    world.request(show, [11, 12], user="admin")
    episodes = show.eps(12, range(1, 5))
    world.download(show, episodes, download_id=PACK_HASH, title=PACK, size=4 * FILE_SIZE)
    progress = {1: 1.0, 2: 0.5, 3: 0.0, 4: 0.25}
    files = [
        (f"{PACK}/Meitantei.Kanade.{1100 + n}.{name}.720p.HDTV.x264-KNDE.mkv", FILE_SIZE,
         progress[n])
        for n, name in enumerate(EPISODE_TITLES, start=1)
    ]  # fmt: skip
    done = sum(size * p for _, size, p in files)
    world.torrent(PACK_HASH, PACK, size=4 * FILE_SIZE, progress=done / (4 * FILE_SIZE))
    world.torrent_files(PACK_HASH, files)
    return world


def test_absolute_numbers_of_a_long_running_anime_are_not_compact_numbering(world: World) -> None:
    request = correlate(world.snapshot()).requests[SERIES_ID]
    by_number = {(e.season, e.episode): e for e in request.episodes}

    assert by_number[12, 2].status is EpisodeStatus.DOWNLOADING
    assert by_number[12, 2].progress == pytest.approx(0.5)
    assert by_number[12, 4].progress == pytest.approx(0.25)
    assert by_number[12, 1].status is EpisodeStatus.IMPORTING
    # Read as compact numbering the files would have claimed S11E01-E04.
    assert all(by_number[11, n].status is not EpisodeStatus.DOWNLOADING for n in range(1, 5))
    pack = next(d for d in request.downloads if d.download_id == PACK_HASH.upper())
    assert pack.files_mapped == 4
