"""What the numbers in a name mean: a table of marker rules, tried in priority order.

Each rule reads one convention (``S01E05``, ``1x05``, ``Temporada 1 Cap.105``, ``Part 3``,
``Title - 05``, ``S01`` …) and either returns what it found or None. The first *confident*
reading wins: a reading is dropped when the digits around the numbers it used contradict it (a
film's year right after ``Toy Story 3`` or ``Part Two``, a number that is half of ``2.0`` or
``1.11``, a sequel's number in a batch), and the next rule gets its turn. The order is the
precedence: explicit season-and-episode markers first, then numbers whose meaning needs a season
found elsewhere, then packs, then a bare number as the last resort.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
import re

from . import release_markers as mk
from .release_bare import read_bare
from .release_found import Context, Found, compact_numbering, version_of
from .release_text import (
    MAX_RANGE,
    cjk_int,
    earliest,
    is_year,
    numbers,
    stepped,
    tag_start,
)

_SEASON_MARKERS = (mk.SEASON_SHORT, mk.SEASON_WORD, mk.SEASON_ORDINAL, mk.SEASON_CJK)
_NUMBERED = (mk.DASH_NUMBER, mk.HASH_NUMBER, mk.EPISODE_WORD, mk.EPISODE_CJK, mk.BRACKET_NUMBER)
_SXXEYY_MORE = re.compile(r"(?i)([-+&]?) ?(?:s\d{1,4})?(?:e(?:p ?)?)?(\d{1,5})")
_NXM_MORE = re.compile(r"(?i)( ?[-&+] ?|x)(?:\d{1,2}x)?(\d{1,3})")
_PLUS = re.compile(r"\d{1,4}")
# A number after a season marker, read as that season's episode: "S03 07", "3rd Season 11".
_AFTER_SEASON = re.compile(
    r"[ .]*(?P<first>\d{1,3})(?:v(?P<version>\d))?(?:-(?P<last>\d{1,3}))?(?=[ \[(]|$)"
)
_RESOLUTION_VALUES = frozenset({"480", "576", "720", "1080", "2160"})
_YEAR_WORD = re.compile(r" \(?((?:19|20)\d\d)\)?(?= |$)")
_PART_BEFORE = re.compile(r"(?i)(?<![a-z0-9])(?:part|pt)\.? ?$")
_ONLY_TAGS = re.compile(r"(?:\s*[\[(][^\[\]()]*[\])])*\s*[\[(]?")


@dataclass(frozen=True, slots=True)
class Rule:
    """One convention: its priority (lower first), name, reader, and whether digits may veto it.

    ``guarded`` rules read numbers that are often part of a title (``Toy Story 3``, ``Part Two``):
    a year right after their number makes the name a film's, so the reading is not confident.
    """

    priority: int
    name: str
    read: Callable[[Context], Found | None]
    guarded: bool = False


def _episode_list(first: int, more: str, pattern: re.Pattern[str]) -> tuple[int, ...]:
    """Episodes of a multi-episode marker: ``E01E02`` lists, ``E01-E03`` / ``E01-03`` ranges."""
    result = [first]
    for match in pattern.finditer(more):
        value = int(match.group(2))
        if match.group(1).strip() != "-":
            result.append(value)
        elif result[-1] < value <= result[-1] + MAX_RANGE:
            result.extend(range(result[-1] + 1, value + 1))
        # a backwards or absurd range ("S01E05-03", "S01E01-2019") adds nothing
    return tuple(dict.fromkeys(result))


def _absolute_around(ctx: Context, match: re.Match[str], found: Found, *, after: bool) -> None:
    """An anime absolute number next to an explicit marker: ``- 87 (S04E28)``, ``S01E05 - 005``."""
    text = ctx.text
    following = mk.ABSOLUTE_AFTER.match(text, match.end()) if after else None
    if following is not None and (ctx.anime is True or not is_year(following["first"])):
        found.absolute = numbers(following["first"], following["last"])
        return
    before = mk.ABSOLUTE_BEFORE.search(text, 0, match.start())
    if before is not None:
        digits = before["dash"] or before["bare"]
        found.absolute = (int(digits),)
        found.title_end = before.start()
        return
    # "Title - 13 [1080p] (S01E13)": tags between the anime number and the marker.
    prior = None
    for dash in mk.DASH_NUMBER.finditer(text, 0, match.start()):
        prior = dash
    if prior is not None and _ONLY_TAGS.fullmatch(text, prior.end(), match.start()):
        found.absolute = numbers(prior["first"], prior["last"])
        found.title_end = prior.start()


def _sxxeyy(ctx: Context) -> Found | None:
    match = earliest(ctx.text, (mk.SXXEYY, mk.SXXEYY_GLUED))
    if match is None:
        return None
    episodes = _episode_list(int(match["episode"]), match["more"] or "", _SXXEYY_MORE)
    found = Found(
        title_end=match.start(),
        seasons=(int(match["season"]),),
        episodes=episodes,
        version=version_of(match["version"]),
        span=match.span(),
    )
    _absolute_around(ctx, match, found, after=True)
    return found


def _absolute_then_season(ctx: Context) -> Found | None:
    match = mk.ABSOLUTE_THEN_SEASON.search(ctx.text)
    if match is None or is_year(match["absolute"]):
        return None
    return Found(
        title_end=match.start(),
        seasons=(int(match["season"]),),
        episodes=(int(match["episode"]),),
        absolute=(int(match["absolute"]),),
        span=match.span(),
    )


def _nxm(ctx: Context) -> Found | None:
    match = mk.NXM.search(ctx.text)
    if match is None:
        return None
    rest = ctx.text[match.end() :]
    if match.start() == 0 and rest[:1] == " " and rest[1:2].isalpha():
        return None  # "3x3 Eyes - 05": the series' name, not a marker
    episodes = _episode_list(int(match["episode"]), match["more"], _NXM_MORE)
    found = Found(
        title_end=match.start(),
        seasons=(int(match["season"]),),
        episodes=episodes,
        span=match.span(),
    )
    _absolute_around(ctx, match, found, after=False)  # "4x05 - 1984" names the episode
    return found


def _season_episode(ctx: Context) -> Found | None:
    match = mk.SEASON_EPISODE.search(ctx.text)
    if match is None:
        return None
    if match["word"].lower().startswith("cap"):
        return None  # "Temporada 3 Capitulo 305" may pack the season: the Cap rules read it
    return Found(
        title_end=match.start(),
        seasons=(int(match["season"]),),
        episodes=numbers(match["episode"], match["last"]),
        span=match.span(),
    )


def _cap_packed(ctx: Context) -> Found | None:
    match = mk.CAP_PACKED.search(ctx.text)
    if match is None:
        return None
    first = match["first"]
    season, episode = int(first[:-2]), int(first[-2:])
    if episode == 0:
        return None
    episodes: tuple[int, ...] = (episode,)
    last = match["last"]
    if last is not None and int(last[:-2]) == season:
        episodes = numbers(str(episode), str(int(last[-2:])))
    # "Title - Temporada 1 [HDTV][Cap.102]": the title ends at the season word.
    word = earliest(ctx.text, _SEASON_MARKERS, 0, match.start())
    if match["word"] and (word is None or _seasons_of(word) != (season,)):
        return None  # a telenovela's "Capítulo 102" counts from the start: absolute
    end = word.start() if word is not None else match.start()
    return Found(title_end=end, seasons=(season,), episodes=episodes, span=match.span())


def _leading_season_episode(ctx: Context) -> Found | None:
    match = mk.LEADING_SEASON_EPISODE.match(ctx.text)
    if match is None or int(match["episode"]) == 0:
        return None
    return Found(
        title_end=0,
        seasons=(int(match["season"]),),
        episodes=(int(match["episode"]),),
        span=match.span(),
    )


def _mini_series(ctx: Context) -> Found | None:
    """``Part 3``, ``Part.Three``, ``Pt 3``, ``3of6``: episodes of a mini-series' season 1."""
    text = ctx.text
    of = mk.MINI_OF.search(text)
    if of is not None and 0 < int(of["first"]) <= int(of["total"]):
        # "Part 1 of 3": the title ends before "Part"
        named = _PART_BEFORE.search(text, 0, of.start())
        return Found(
            title_end=named.start() if named is not None else of.start(),
            seasons=(1,),
            episodes=(int(of["first"]),),
            span=of.span(),
        )
    part = mk.MINI_PART.search(text)
    if part is None or ctx.anime is True or ctx.anime_style:
        return None  # anime "Part 2" is a cour: a pack
    if earliest(text, _SEASON_MARKERS) is not None or mk.PACK_CONTEXT.search(text):
        return None  # "S06 Part 1", "Part 5 Vol 2": half a season
    word = part["first"].lower()
    episode = int(word) if word.isdigit() else mk.NUMBER_WORDS[word]
    if episode == 0:
        return None
    return Found(title_end=part.start(), seasons=(1,), episodes=(episode,), span=part.span())


def _numbered(ctx: Context) -> Found | None:
    """Episode numbers without an attached "E": dash, hash, Ep, 第N话, brackets."""
    text = ctx.text
    # A year in the same shape is the title's year ("(2019)", "(1994-2004)"), never an episode.
    match = next((m for m in stepped(text, _NUMBERED) if _not_a_year(m)), None)
    if match is None:
        return None
    groups = match.groupdict()
    found = Found(
        title_end=match.start(), version=version_of(groups.get("version")), span=match.span()
    )
    values = numbers(groups["first"], groups["last"])
    plus = groups.get("plus")
    if plus:
        values = tuple(dict.fromkeys((*values, *(int(n) for n in _PLUS.findall(plus)))))
    season = _closest_season_before(text, match.start())
    if groups.get("half"):
        # "- 12.5": Sonarr files recaps under season 0, not as episode 12
        found.title_end = season.start() if season is not None else found.title_end
        found.special = True
        return found
    special = mk.SPECIAL_WORD.search(text, 0, match.start())
    if special is not None:
        # "Show OVA - 02": the number counts OVAs (season 0), not episodes of any season.
        found.title_end = special.start()
        found.special = True
        found.seasons, found.episodes = (0,), values
        return found
    if season is not None:
        found.title_end = season.start()
        found.seasons = _seasons_of(season)
        attached = not text[season.end() : match.start()].strip(" -[]()")
        if attached and len(found.seasons) == 1:
            found.episodes = values
            return found
        found.absolute = values
        return found
    compact = compact_numbering(groups["first"]) if groups["last"] is None and not plus else None
    if ctx.anime is False and match.re is mk.DASH_NUMBER and compact is not None:
        found.seasons, found.episodes = (compact[0],), (compact[1],)
        return found
    found.absolute = values
    season = earliest(text, _SEASON_MARKERS, match.end())
    if season is not None:
        found.seasons = _seasons_of(season)
    return found


def _not_a_year(match: re.Match[str]) -> bool:
    first: str = match["first"]
    return not (first.isdigit() and is_year(first))


def _closest_season_before(text: str, end: int) -> re.Match[str] | None:
    """The season marker nearest before ``end``: in "第二季 / Title Season 2 [01]", "Season 2"."""
    closest = None
    for season in stepped(text, _SEASON_MARKERS):
        if season.start() >= end:
            break
        closest = season
    return closest


def _season_then_number(ctx: Context) -> Found | None:
    """A bare number right after a season marker is that season's episode: ``S03 07``."""
    text = ctx.text
    season = earliest(text, _SEASON_MARKERS)
    if season is None:
        return None
    seasons = _seasons_of(season)
    after = _AFTER_SEASON.match(text, season.end())
    if after is None or len(seasons) != 1 or after["first"] in _RESOLUTION_VALUES:
        return None
    return Found(
        title_end=season.start(),
        seasons=seasons,
        episodes=numbers(after["first"], after["last"]),
        version=version_of(after["version"]),
        span=(after.start("first"), after.end()),
    )


def _season_pack(ctx: Context) -> Found | None:
    text = ctx.text
    season = earliest(text, _SEASON_MARKERS)
    complete = mk.COMPLETE_SERIES.search(text)
    if season is not None and (complete is None or season.start() < complete.start()):
        found = Found(title_end=season.start(), seasons=_seasons_of(season), full=True)
        if mk.PART.search(text, season.end()) is not None:
            found.full = False  # "S01 Part 2" is half a season
        return found
    if complete is not None:
        return Found(title_end=complete.start(), full=True)
    return None


def _part_pack(ctx: Context) -> Found | None:
    part = mk.PART.search(ctx.text)
    return Found(title_end=part.start()) if part is not None else None


def _special(ctx: Context) -> Found | None:
    special = mk.SPECIAL_WORD.search(ctx.text)
    if special is None:
        return None
    found = Found(title_end=special.start(), special=True)
    if special["number"] is not None:
        found.seasons, found.episodes = (0,), (int(special["number"]),)
    return found


def _seasons_of(match: re.Match[str]) -> tuple[int, ...]:
    groups = match.groupdict()
    last = groups.get("last")
    sep = (groups.get("sep") or "").strip()
    first = groups["first"]
    if last is not None and sep in {"&", "+", ","}:
        seasons = [cjk_int(first), int(last)]  # "Season 1 & 3", "S01+S03": a list
    else:
        seasons = list(numbers(first, last))
    for extra in re.findall(r"\d{1,2}", groups.get("more") or ""):
        seasons.append(int(extra))
    return tuple(dict.fromkeys(seasons))


def _contradicted(text: str, found: Found, *, guarded: bool) -> bool:
    """Whether the digits around the numbers a guarded reading used say it is wrong."""
    if found.span is None or not guarded:
        return False
    # "Toy Story 3 2010", "Dune Part Two 2024": a film's year follows its number.
    return bool(_YEAR_WORD.match(text, found.span[1]))


RULES: tuple[Rule, ...] = tuple(
    sorted(
        (
            Rule(10, "SxxEyy", _sxxeyy),
            Rule(15, "absolute then (season episode)", _absolute_then_season),
            Rule(20, "NxM", _nxm),
            Rule(30, "season word and episode word", _season_episode),
            Rule(40, "Cap.SEE (season and episode packed)", _cap_packed),
            Rule(50, "leading SS-EE", _leading_season_episode),
            Rule(60, "mini-series part", _mini_series, guarded=True),
            Rule(70, "numbered episode (dash, #, Ep, 第N话, [NN])", _numbered),
            Rule(80, "season marker then number", _season_then_number, guarded=True),
            Rule(90, "season pack", _season_pack),
            Rule(100, "Part/Vol pack", _part_pack),
            Rule(110, "special word", _special),
            Rule(120, "bare number", read_bare, guarded=True),
        ),
        key=lambda rule: rule.priority,
    )
)


def read_markers(ctx: Context) -> Found:
    """The first confident reading of the table; a name without one ends its title at the tags."""
    for rule in RULES:
        found = rule.read(ctx)
        if found is not None and not _contradicted(ctx.text, found, guarded=rule.guarded):
            return found
    return Found(title_end=tag_start(ctx.text))
