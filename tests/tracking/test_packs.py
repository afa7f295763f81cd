"""Season-pack files to episodes, episode numbering, and release types."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from custom_components.status_tracker.tracking.index import Episode
from custom_components.status_tracker.tracking.numbering import Numbering
from custom_components.status_tracker.tracking.packs import (
    PackFile,
    ReleaseType,
    episode_bytes,
    is_video,
    map_files,
    release_type,
)
from custom_components.status_tracker.tracking.parsing import MemoParser, default_parser
from custom_components.status_tracker.tracking.release import ReleaseInfo

AIRED = datetime(2025, 1, 1, tzinfo=UTC)


def _anime_numbering() -> Numbering:
    """Hoshi no Kakera: S01 = absolute 1-12, S02 = absolute 13-20 (ids 2001..2020)."""
    episodes = []
    for absolute in range(1, 21):
        season, number = (1, absolute) if absolute <= 12 else (2, absolute - 12)
        episodes.append(
            Episode(2000 + absolute, 2, season, number, absolute, None, None, AIRED, False, True)
        )
    return Numbering.of(episodes)


def _standard_numbering() -> Numbering:
    """Two seasons of 10, with TVDB absolute numbers as Sonarr often has them."""
    return Numbering.of(
        Episode(100 * s + n, 1, s, n, (s - 1) * 10 + n, None, None, AIRED, False, True)
        for s in (1, 2)
        for n in range(1, 11)
    )


@pytest.fixture
def parse() -> MemoParser:
    return MemoParser(default_parser())


@pytest.mark.parametrize(
    ("name", "anime", "seasons", "expected"),
    [
        # Anime: absolute numbers through Sonarr's absoluteEpisodeNumber.
        ("[SubsPlease] Hoshi no Kakera - 05 (1080p) [ABCD1234].mkv", True, (), (2005,)),
        ("[SubsPlease] Hoshi no Kakera - 15 (1080p) [ABCD1234].mkv", True, (), (2015,)),
        # Sonarr's own file names: SxxEyy (and the absolute number when the parser reads it).
        ("Hoshi no Kakera - S02E01 - 013 - Fragment 13 [WEBDL-1080p]-SubsPlease.mkv", True, (),
         (2013,)),
        # "S2 - 07" is season-relative; "(Season 2)/... - 15" is absolute 15 = S02E03.
        ("[SubsPlease] Hoshi no Kakera S2 - 07 (1080p) [ABCD1234].mkv", True, (), (2019,)),
        ("[Judas] Hoshi no Kakera (Season 2) [1080p][Batch]/[Judas] Hoshi no Kakera - 15.mkv",
         True, (), (2015,)),
        ("[Erai-raws] Hoshi no Kakera 2nd Season - 07 [1080p].mkv", True, (), (2019,)),
        # A bare number inside a one-season pack takes the pack's season.
        ("[Group] Hoshi no Kakera - 03.mkv", True, (2,), (2015,)),
        # Extras hold nothing.
        ("[SubsPlease] Hoshi no Kakera (01-12) (1080p) [Batch]/Extras/NCOP.mkv", True, (), ()),
        ("[SubsPlease] Hoshi no Kakera - 99 (1080p).mkv", True, (), ()),
    ],
)  # fmt: skip
def test_anime_ids(
    parse: MemoParser, name: str, anime: bool, seasons: tuple[int, ...], expected: tuple[int, ...]
) -> None:
    assert _anime_numbering().ids_for(parse(name, anime), anime=anime, seasons=seasons) == expected


@pytest.mark.parametrize(
    ("name", "seasons", "expected"),
    [
        ("Tidewater.S02E03.1080p.WEB.h264-GRP.mkv", (), (203,)),
        ("Tidewater.S01E09E10.1080p.WEB.h264-GRP.mkv", (), (109, 110)),
        ("Tidewater.S01E01-E03.1080p.WEB.h264-GRP.mkv", (), (101, 102, 103)),
        # "Show - 05" in a season 2 pack: S02E05, not absolute 5 (= S01E05).
        ("Tidewater (Season 2)/Tidewater - 05.mkv", (), (205,)),
        ("Tidewater - 05.mkv", (2,), (205,)),
        ("Tidewater - 15.mkv", (), (205,)),  # no season anywhere: absolute 15
        ("Tidewater.S01.1080p.WEB.h264-GRP/Sample/tidewater.s01e01.sample.mkv", (), ()),
        ("Tidewater.S05E01.1080p.WEB.h264-GRP.mkv", (), ()),
    ],
)
def test_standard_ids(
    parse: MemoParser, name: str, seasons: tuple[int, ...], expected: tuple[int, ...]
) -> None:
    info = parse(name, False)
    assert _standard_numbering().ids_for(info, anime=False, seasons=seasons) == expected


def test_ids_for_parsed_infos() -> None:
    numbering = _standard_numbering()
    special = Numbering.of([Episode(900, 1, 0, 1, None, 7, None, AIRED, False, True)])
    assert special.ids_for(ReleaseInfo(title="x", special=True, episodes=(1,)), anime=False) == (
        900,
    )
    # Scene absolute numbers are the fallback for absolute ones.
    assert special.ids_for(ReleaseInfo(title="x", absolute_episodes=(7,)), anime=True) == (900,)
    info = ReleaseInfo(title="x", season=0, absolute_episodes=(7,))
    assert special.ids_for(info, anime=True) == (900,)
    # Episodes without a season and no pack season: unknown.
    assert numbering.ids_for(ReleaseInfo(title="x", episodes=(3,)), anime=False) == ()
    assert numbering.ids_for(ReleaseInfo(title="x", episodes=(3,)), anime=False, seasons=(2,)) == (
        203,
    )
    # Anime with an absolute number unknown to Sonarr falls back to SxxEyy.
    info = ReleaseInfo(title="x", season=2, episodes=(4,), absolute_episodes=(99,))
    assert numbering.ids_for(info, anime=True) == (204,)
    # A clash keeps the first episode (deterministic).
    clash = Numbering.of(
        [
            Episode(1, 1, 1, 1, 1, None, None, AIRED, False, True),
            Episode(2, 1, 1, 1, 1, None, None, AIRED, False, True),
        ]
    )
    assert clash.ids_for(ReleaseInfo(title="x", season=1, episodes=(1,)), anime=False) == (1,)


@pytest.mark.parametrize(
    ("sonarr", "info", "mapped", "files", "expected"),
    [
        ("SeasonPack", ReleaseInfo(title="x", episodes=(1,)), 1, 1, ReleaseType.SEASON_PACK),
        ("singleEpisode", ReleaseInfo(title="x"), 5, 5, ReleaseType.SINGLE_EPISODE),
        ("MultiEpisode", ReleaseInfo(title="x"), 1, 1, ReleaseType.MULTI_EPISODE),
        ("Unknown", ReleaseInfo(title="x", full_season=True), 1, 0, ReleaseType.SEASON_PACK),
        (None, ReleaseInfo(title="x", seasons=(1, 2)), 20, 0, ReleaseType.SEASON_PACK),
        (None, ReleaseInfo(title="x", episodes=(3,)), 1, 1, ReleaseType.SINGLE_EPISODE),
        (None, ReleaseInfo(title="x", episodes=(1, 2)), 2, 1, ReleaseType.MULTI_EPISODE),
        (None, ReleaseInfo(title="x", absolute_episodes=(1, 2, 3)), 3, 3,
         ReleaseType.MULTI_EPISODE),
        (None, ReleaseInfo(title="x"), 13, 0, ReleaseType.SEASON_PACK),
        (None, ReleaseInfo(title="x"), 1, 6, ReleaseType.SEASON_PACK),
        (None, ReleaseInfo(title="x"), 1, 0, ReleaseType.SINGLE_EPISODE),
    ],
)  # fmt: skip
def test_release_type_rules(
    sonarr: str | None, info: ReleaseInfo, mapped: int, files: int, expected: ReleaseType
) -> None:
    assert release_type(sonarr, info, mapped, files) is expected


def test_is_video() -> None:
    assert is_video("a/b/Show.S01E01.MKV")
    assert is_video("x.mp4")
    assert not is_video("Show.S01E01.srt")
    assert not is_video("Show.S01E01.ass")
    assert not is_video("README")
    assert not is_video("show.nfo")


def test_map_files_skips_what_holds_no_episode(parse: MemoParser) -> None:
    pack = "Tidewater.S01.1080p.WEB.h264-GRP"
    files: list[dict[str, object]] = [
        {"name": f"{pack}/Tidewater.S01E01.1080p.WEB.h264-GRP.mkv", "size": 100, "progress": 0.5},
        {"name": f"{pack}/Tidewater.S01E02.1080p.WEB.h264-GRP.mkv", "size": 100, "progress": 1.0,
         "priority": 0},
        {"name": f"{pack}/Tidewater.S01E03.1080p.WEB.h264-GRP.srt", "size": 1, "progress": 0.0},
        {"name": f"{pack}/Sample/tidewater.s01e01.sample.mkv", "size": 5, "progress": 1.0},
        {"name": f"{pack}/Tidewater.S01E04.1080p.WEB.h264-GRP.mkv", "size": "big",
         "progress": None},
        {"name": None, "size": 10, "progress": 1.0},
        {"size": 10},
    ]  # fmt: skip
    mapped = map_files(files, _standard_numbering(), parse, anime=False, seasons=(1,))
    assert [(f.episode_ids, f.size, f.progress) for f in mapped] == [
        ((101,), 100, 0.5),
        ((104,), 0, 0.0),
    ]


def test_episode_bytes_by_file() -> None:
    files = [
        PackFile("a.mkv", 1000, 0.5, (1,)),
        PackFile("b.cd2.mkv", 3000, 1.0, (1,)),
        PackFile("c.mkv", 2000, 0.25, (2, 3)),
        PackFile("d.mkv", 0, 0.5, (4,)),
        PackFile("e.mkv", 0, 1.0, (4,)),
    ]
    shares = episode_bytes(files)
    assert shares[1].size == 4000
    assert shares[1].done == 3500
    assert shares[1].progress == pytest.approx(0.875)
    assert shares[2] == shares[3]
    assert shares[2].done == 500
    assert shares[4].size == 0
    assert shares[4].progress == pytest.approx(0.75)  # sizes unknown: the mean
