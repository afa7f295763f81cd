"""Small text helpers shared by the marker rules and the name assembly of the release parser."""

from __future__ import annotations

from collections.abc import Iterator
import re

from . import release_markers as mk, release_patterns as pat

_NUMBER_NEXT = re.compile(r"\s+\d{1,4}(?:v\d)?(?=\s*[\[(]|$)")

MAX_RANGE = 500  # "S01E01-2019" is not 2019 episodes: a longer range keeps only its start

_CJK_UNITS = {char: value for value, char in enumerate("〇一二三四五六七八九")} | {"零": 0, "两": 2}


def cjk_int(text: str) -> int:
    """``"12"``, ``"十二"``, ``"二十三"``, ``"两"`` → 12, 12, 23, 2 (numbers up to 99)."""
    if text.isdigit():
        return int(text)
    tens, _, units = text.rpartition("十")
    if "十" not in text:
        return _CJK_UNITS.get(text[-1], 0)
    return _CJK_UNITS.get(tens, 1) * 10 + _CJK_UNITS.get(units, 0)


def numbers(first: str, last: str | None) -> tuple[int, ...]:
    """The episode numbers from ``first`` to ``last`` (a range), or just ``first``."""
    start = cjk_int(first)
    if last is None:
        return (start,)
    end = cjk_int(last)
    if start < end <= start + MAX_RANGE:
        return tuple(range(start, end + 1))
    return (start,)


def is_year(digits: str) -> bool:
    """A 19xx/20xx number: a title's or a film's year, never an episode."""
    return bool(pat.YEAR.match(digits))


def bracket_content(match: re.Match[str]) -> tuple[str, bool]:
    """The text inside a ``BRACKET`` match and whether the bracket was a parenthesis."""
    square = match.group(1)
    if square is not None:
        return square.strip(), False
    return match.group(2).strip(), True


def is_tag_bracket(content: str) -> bool:
    """Whether a bracket holds release metadata (quality, hash, language) rather than a title."""
    return bool(
        not content
        or pat.CRC32.match(content)
        or pat.BRACKET_TAG.search(content)
        or mk.BARE_NUMBER.match(content)
    )


def tag_start(text: str) -> int:
    """Where the metadata starts in a name without markers: first tag, tag bracket or date."""
    end = len(text)
    for match in pat.BRACKET.finditer(text):
        content, paren = bracket_content(match)
        if paren and pat.TITLE_PAREN.match(content):
            continue
        if not is_tag_bracket(content) and (
            match.start() == 0 or _NUMBER_NEXT.match(text, match.end())
        ):
            # "[Title][1080p]" once the group is gone: the title itself; "Title (TV) 01 [720p]":
            # a qualifier of the title, its number follows
            continue
        end = match.start()
        break
    for pattern in (pat.STRONG_TAG, mk.AIR_DATE, pat.PACK_WORD):
        tag = pattern.search(text, 0, end)
        if tag is not None:
            end = tag.start()
    return end


def earliest(
    text: str, patterns: tuple[re.Pattern[str], ...], start: int = 0, end: int | None = None
) -> re.Match[str] | None:
    """The leftmost match of any of ``patterns`` from ``start``; None unless before ``end``.

    The patterns see the whole text (not a slice), so their look-aheads work as everywhere else.
    """
    best: re.Match[str] | None = None
    for pattern in patterns:
        match = pattern.search(text, start)
        if match is not None and (best is None or match.start() < best.start()):
            best = match
    if best is None or (end is not None and best.start() >= end):
        return None
    return best


def stepped(
    text: str, patterns: tuple[re.Pattern[str], ...], start: int = 0
) -> Iterator[re.Match[str]]:
    """Matches of any of ``patterns``, leftmost first, each search resuming after the last match.

    What ``earliest`` called again from each match's end would give, but each pattern is searched
    again only when its pending match lies inside the one just given: a name full of markers
    ("- 1984 - 1985 …", "Season 1 Season 1 …") costs one pass, not one pass per marker.
    """
    heads = [pattern.search(text, start) for pattern in patterns]
    while True:
        best: re.Match[str] | None = None
        for head in heads:
            if head is not None and (best is None or head.start() < best.start()):
                best = head
        if best is None:
            return
        yield best
        floor = max(best.end(), best.start() + 1)
        heads = [
            pattern.search(text, floor) if head is not None and head.start() < floor else head
            for pattern, head in zip(patterns, heads, strict=True)
        ]
