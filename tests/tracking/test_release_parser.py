"""The release parser against hand-written names, plus properties that must hold for any text."""

from __future__ import annotations

from dataclasses import asdict
import io
import json
import time

from hypothesis import given, settings, strategies as st
import pytest

from custom_components.status_tracker.tracking.release import ReleaseInfo, parse_release
from custom_components.status_tracker.tracking.release_rules import RULES
from scripts.parse_release import KEYS, main as parse_release_cli
from tests.tracking.release_cases import ALL_CASES as BASE_CASES, C
from tests.tracking.release_cases_conventions import CONVENTION_CASES

ALL_CASES = [*BASE_CASES, *CONVENTION_CASES]

FIELDS = (
    "series_title",
    "season",
    "seasons",
    "episodes",
    "absolute_episodes",
    "full_season",
    "special",
    "extra",
    "release_group",
    "resolution",
    "version",
)


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations() -> None:
    """The parser is pure: no Home Assistant instance is needed (overrides the global fixture)."""


def _case_id(case: C) -> str:
    hint = "" if case.anime is None else f" [anime={case.anime}]"
    return f"{case.name[:90]}{hint}"


def test_case_set_is_large_and_distinct() -> None:
    """The issue asks for at least 300 hand-written names; none may be listed twice."""
    keys = [(case.name, case.anime) for case in ALL_CASES]
    assert len(keys) >= 500
    assert len(set(keys)) == len(keys)


def test_rules_are_tried_in_priority_order() -> None:
    """The precedence is the table's order: distinct priorities, ascending, distinct names."""
    priorities = [rule.priority for rule in RULES]
    assert priorities == sorted(set(priorities))
    assert len({rule.name for rule in RULES}) == len(RULES)


@pytest.mark.parametrize("case", ALL_CASES, ids=_case_id)
def test_release_case(case: C) -> None:
    """Every field of every hand-written case matches."""
    info = parse_release(case.name, anime=case.anime)
    assert info.title == case.name
    got = {field: getattr(info, field) for field in FIELDS}
    expected = {field: getattr(case, field) for field in FIELDS}
    assert got == expected


def test_results_are_cached_per_name_and_hint() -> None:
    """A repeated name returns the very same object; the hint is part of the key."""
    name = "[SubsPlease] Sousou no Frieren - 07 (1080p) [0F1E2D3C].mkv"
    first = parse_release(name)
    assert parse_release(name) is first
    assert parse_release(name, anime=True) is not first
    assert parse_release(name, anime=True) == ReleaseInfo(**asdict(first))


def test_empty_and_junk_names() -> None:
    """Names without anything to find give an empty result, not an error."""
    assert parse_release("") == ReleaseInfo(title="")
    assert parse_release("/") == ReleaseInfo(title="/")
    assert parse_release("...") == ReleaseInfo(title="...")
    assert parse_release("[]") == ReleaseInfo(title="[]")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        # Garbled numbering keeps what can be trusted: the start of a backwards range.
        ("Lost.S01E05-03.720p.HDTV.x264-LOL", {"episodes": (5,), "release_group": "LOL"}),
        ("Lost.S01E05E05.720p.HDTV.x264-LOL", {"episodes": (5,)}),
        ("[Group] Show - 24 ~ 13 [1080p]", {"absolute_episodes": (24,)}),
        # A leading bracket that is a tag, not a group.
        (
            "[1080p] Sousou no Frieren - 01",
            {"release_group": None, "series_title": "Sousou no Frieren"},
        ),
        # A title bracket with nothing but separators names no series.
        ("[-][01][1080p]", {"series_title": None, "absolute_episodes": (1,)}),
        ("[-][Sousou no Frieren][01]", {"series_title": "Sousou no Frieren"}),
        # Numbers that cannot be episodes: a packed "Cap.100", a "Part 0".
        ("Serie - Temporada 1 [HDTV][Cap.100]", {"episodes": (), "season": 1}),
        ("Show.Part.0.720p.HDTV", {"episodes": (), "season": None}),
        # Two indexer suffixes: no group can be told apart.
        ("Show.S01E01.720p.HDTV.x264-Obfuscated-Obfuscated", {"release_group": None}),
    ],
)
def test_edge_shapes(name: str, expected: dict[str, object]) -> None:
    """Rare shapes the realistic table does not reach."""
    info = parse_release(name)
    assert {field: getattr(info, field) for field in expected} == expected


@pytest.mark.parametrize("unit", ["- 1984 ", "(2019) ", "Ep 2019 ", "Season 1 ", "第二季 ", "1 a "])
def test_parse_time_grows_linearly_with_the_name(unit: str) -> None:
    """A name full of rejected or repeated markers is one pass, not one pass per marker.

    Each of these took seconds at this length when every rejection searched the name again;
    one pass takes milliseconds, so the bound leaves room for a busy machine.
    """
    name = f"T {unit * 2000}- 05"
    start = time.perf_counter()
    parse_release(name)
    assert time.perf_counter() - start < 1.0


def test_cli_prints_one_json_object_per_title() -> None:
    """scripts/parse-release: arguments or stdin lines, the documented keys, ints and lists."""
    out = io.StringIO()
    assert (
        parse_release_cli(["--anime", "Show 1013", "Lost.S01E01.720p.HDTV.x264-LOL"], stdout=out)
        == 0
    )
    first, second = (json.loads(line) for line in out.getvalue().splitlines())
    assert tuple(first) == KEYS
    assert first["absolute_episodes"] == [1013]
    assert first["season"] is None
    assert second["season"] == 1
    assert second["seasons"] == [1]
    assert second["episodes"] == [1]

    out = io.StringIO()
    stdin = io.StringIO("[SubsPlease] Sousou no Frieren - 01 (1080p)\r\n\n葬送的芙莉莲 第28集\n")
    assert parse_release_cli([], stdin=stdin, stdout=out) == 0
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [line["title"] for line in lines] == [
        "[SubsPlease] Sousou no Frieren - 01 (1080p)",
        "葬送的芙莉莲 第28集",
    ]
    assert lines[1]["absolute_episodes"] == [28]


_ALPHABET = st.sampled_from(
    [*"SsEexXvVpP0123456789 ._-~[]()【】/\\第话季集+&", "Season", "Episode", "1080p", "NCOP", "OVA"]
)
_NAMES = st.one_of(
    st.text(max_size=120),
    st.lists(_ALPHABET, max_size=40).map("".join),
    st.sampled_from([case.name for case in ALL_CASES]).flatmap(
        lambda name: st.integers(0, len(name)).map(lambda cut: name[:cut])
    ),
)


@settings(max_examples=600, deadline=None)
@given(name=_NAMES, anime=st.sampled_from([None, True, False]))
def test_never_raises_and_stays_sane(name: str, anime: bool | None) -> None:
    """Any text parses; numbers are non-negative ints; the fields agree with each other."""
    info = parse_release(name, anime=anime)
    assert info.title == name
    for number in (*info.seasons, *info.episodes, *info.absolute_episodes):
        assert type(number) is int
        assert number >= 0
    assert info.season == (info.seasons[0] if info.seasons else None)
    assert info.episodes == tuple(dict.fromkeys(info.episodes))
    if info.extra:
        assert not info.episodes
        assert not info.absolute_episodes
        assert not info.full_season
    if info.version is not None:
        assert info.version >= 0
    for text in (info.series_title, info.release_group, info.resolution):
        assert text is None or (text and text == text.strip())
