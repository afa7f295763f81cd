"""Parse one release title or one path component (no folders): the regex fast path.

The name is normalised once (``normalise``), then markers are looked for by tier, the first tier
that matches deciding what the numbers mean:

1. explicit episodes: ``S01E05`` (and its multi-episode forms), ``1x05``, ``Season 1 Episode 5``;
   an anime absolute number next to it (``- 005 -``, ``(005)``) is kept as well;
2. episode numbers without a season: ``Title - 05``, ``Ep05``, ``E05``, ``第05话``, ``[05]``,
   ranges ``01-12`` / ``01 ~ 12`` / ``(01-24)``; a season marker right before them
   (``Title S2 - 07``, ``2nd Season - 05``) makes them episodes of that season, otherwise they are
   absolute numbers;
3. season packs: ``S01``, ``S01-S03``, ``Season 2``, ``Seasons 1-3``, ``2nd Season``, ``Complete
   Series``;
4. Part/Vol packs, then special words (``OVA``, ``SP``);
5. a bare number as the last word of the title (``Show 1013``, ``[Grp] Show 05``): compact
   ``SEE``/``SSEE`` numbering in scene-style names, an absolute number in anime-style names.

The series title is the text before the first marker (or before the first tag when there is
none); see ``release.parse_release`` for the normalisation rules.
"""

from __future__ import annotations

from dataclasses import dataclass
import re

from . import release_patterns as pat

_MAX_RANGE = 500  # "S01E01-2019" is not 2019 episodes: a longer range keeps only its start

_TRANSLATE = str.maketrans(
    {"_": " ", "【": "[", "】": "]", "（": "(", "）": ")", "～": "~", "〜": "~", "–": "-", "—": "-"}
)
_TIDY = " -~:|,;/[](){}"
_NUMBERED = (pat.DASH_NUMBER, pat.EPISODE_WORD, pat.EPISODE_CJK, pat.BRACKET_NUMBER)
_TRAILING_BRACKETS = re.compile(r"(?:\s*\[[^\[\]]*\])+\s*$")
_TRAILING_SAMPLE = re.compile(r"(?i) sample$")
_NOT_GROUP = re.compile(r"(?i)e?\d+(?:v\d)?|[^a-z0-9]*")


@dataclass(frozen=True, slots=True)
class NameParts:
    """What one name (without its folders) says; ``release.parse_release`` merges the folders."""

    series_title: str | None = None
    seasons: tuple[int, ...] = ()
    episodes: tuple[int, ...] = ()
    absolute_episodes: tuple[int, ...] = ()
    full_season: bool = False
    special: bool = False
    extra: bool = False
    release_group: str | None = None
    resolution: str | None = None
    version: int | None = None


@dataclass(slots=True)
class _Found:
    """The numbers one marker tier found, and where the series title ends."""

    title_end: int
    seasons: tuple[int, ...] = ()
    episodes: tuple[int, ...] = ()
    absolute: tuple[int, ...] = ()
    full: bool = False
    special: bool = False
    version: int | None = None


def split_extension(name: str) -> tuple[str, str | None]:
    """Split a known file extension off ``name``: ``("Show S01E01", "mkv")``.

    Only known extensions count: a scene title's last dotted part (``x264-NTb``) is not one.
    """
    stem, dot, ext = name.rpartition(".")
    lowered = ext.lower()
    if dot and stem and (lowered in pat.MEDIA_EXTENSIONS or lowered in pat.NON_EPISODE_EXTENSIONS):
        return stem, lowered
    return name, None


def normalise(text: str) -> str:
    """Make separators uniform: ``Show.S01E01.DDP5.1.H.264-NTb`` → ``Show S01E01 DDP51 H264-NTb``.

    Dots become spaces only in dot-style names (more dots than spaces), so "Dr. Stone" or
    "Kaiju No. 8" keep theirs; dotted tags are joined first so "5.1" cannot read as numbers.
    """
    text = pat.SITE_PREFIX.sub("", text)
    text = pat.STAR_NOTE.sub(" ", text.translate(_TRANSLATE))
    if text.count(".") > text.count(" "):
        text = pat.DOTTED_CODEC.sub(r"\1\2", text)
        text = pat.DOTTED_CHANNELS.sub(r"\1\2", text)
        text = text.replace(".", " ")
    return " ".join(text.split())


def numbers(first: str, last: str | None) -> tuple[int, ...]:
    """The episode numbers from ``first`` to ``last`` (a range), or just ``first``."""
    start = int(first)
    if last is None:
        return (start,)
    end = int(last)
    if start < end <= start + _MAX_RANGE:
        return tuple(range(start, end + 1))
    return (start,)


def _episode_list(first: int, more: str, pattern: str) -> tuple[int, ...]:
    """Episodes of a multi-episode marker: ``E01E02`` lists, ``E01-E03`` / ``E01-03`` ranges."""
    result = [first]
    for match in re.finditer(pattern, more, re.IGNORECASE):
        value = int(match.group(2))
        if match.group(1) != "-":
            result.append(value)
        elif result[-1] < value <= result[-1] + _MAX_RANGE:
            result.extend(range(result[-1] + 1, value + 1))
        # a backwards or absurd range ("S01E05-03", "S01E01-2019") adds nothing
    return tuple(dict.fromkeys(result))


def _bracket_content(match: re.Match[str]) -> tuple[str, bool]:
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
        or pat.BARE_NUMBER.match(content)
    )


def tidy(text: str) -> str | None:
    """Collapse spaces and trim separator punctuation; None when nothing is left."""
    cleaned = " ".join(text.split()).strip(_TIDY)
    return cleaned or None


def title_before(text: str, end: int) -> str | None:
    """The series title in ``text[:end]``.

    A year or country in parentheses stays (without them); tag brackets go; other brackets go
    too, unless nothing is left outside brackets (``[Group][Title][01]``): then the first one.
    """
    prefix = text[:end]
    outside: list[str] = []
    candidates: list[str] = []
    pos = 0
    for match in pat.BRACKET.finditer(prefix):
        outside.append(prefix[pos : match.start()])
        pos = match.end()
        content, paren = _bracket_content(match)
        if paren and pat.TITLE_PAREN.match(content):
            outside.append(f" {content} ")
        elif not is_tag_bracket(content):
            candidates.append(content)
    outside.append(prefix[pos:])
    title = tidy("".join(outside))
    if title is not None:
        return title
    for candidate in candidates:
        title = tidy(candidate)
        if title is not None:
            return title
    return None


def _is_year(digits: str) -> bool:
    return bool(pat.YEAR.match(digits))


def _compact(digits: str) -> tuple[int, int] | None:
    """``103`` → (1, 3), ``1013`` → (10, 13): the scene's compact numbering, when plausible."""
    if len(digits) < 3 or digits[0] == "0":
        return None
    season, episode = int(digits[:-2]), int(digits[-2:])
    if episode == 0:
        return None
    return season, episode


def _earliest(
    text: str, patterns: tuple[re.Pattern[str], ...], start: int = 0
) -> re.Match[str] | None:
    best: re.Match[str] | None = None
    for pattern in patterns:
        match = pattern.search(text, start)
        if match is not None and (best is None or match.start() < best.start()):
            best = match
    return best


def _explicit(text: str) -> _Found | None:
    """Tier 1: SxxEyy, NxNN, "Season N Episode M", with an absolute number next to them."""
    match = _earliest(text, (pat.SXXEYY, pat.NXNN, pat.SEASON_EPISODE))
    if match is None:
        return None
    groups = match.groupdict()
    season = int(groups["season"])
    first = int(groups["episode"])
    if match.re is pat.SXXEYY:
        episodes = _episode_list(first, groups["more"], r"([-+]?) ?e?(\d{1,4})")
    elif match.re is pat.NXNN:
        episodes = _episode_list(first, groups["more"], r"(-|x) ?(?:\d{1,2}x)?(\d{2,3})")
    else:
        episodes = numbers(groups["episode"], groups["last"])
    found = _Found(title_end=match.start(), seasons=(season,), episodes=episodes)
    version = groups.get("version")
    found.version = int(version) if version else None
    after = pat.ABSOLUTE_AFTER.match(text, match.end())
    before = pat.ABSOLUTE_BEFORE.search(text, 0, match.start())
    if after is not None:
        found.absolute = numbers(after["first"], after["last"])
    elif before is not None:
        found.absolute = (int(before["first"]),)
        found.title_end = before.start()
    return found


def _season_marker(text: str, start: int = 0, end: int | None = None) -> re.Match[str] | None:
    match = _earliest(
        text, (pat.SEASON_SHORT, pat.SEASON_WORD, pat.SEASON_ORDINAL, pat.SEASON_CJK), start
    )
    if match is None or (end is not None and match.start() >= end):
        return None
    return match


def _seasons_of(match: re.Match[str]) -> tuple[int, ...]:
    groups = match.groupdict()
    last = groups.get("last")
    sep = (groups.get("sep") or "").strip()
    if last is not None and sep in {"&", "+", ","}:
        seasons = [int(groups["first"]), int(last)]  # "Season 1 & 3", "S01+S03": a list
    else:
        seasons = list(numbers(groups["first"], last))
    for extra in re.findall(r"\d{1,2}", groups.get("more") or ""):
        seasons.append(int(extra))
    return tuple(dict.fromkeys(seasons))


def _numbered(text: str, anime: bool | None) -> _Found | None:
    """Tier 2: episode numbers without an attached "E" (dash, Ep, 第N话, brackets)."""
    match = _earliest(text, _NUMBERED)
    # A year in the same shape is the title's year ("(2019)", "(1994-2004)"), never an episode.
    while match is not None and _is_year(match["first"]):
        match = _earliest(text, _NUMBERED, match.end())
    if match is None:
        return None
    groups = match.groupdict()
    version = groups.get("version")
    found = _Found(title_end=match.start(), version=int(version) if version else None)
    values = numbers(groups["first"], groups["last"])
    if groups.get("half"):
        found.special = True  # "- 12.5": Sonarr files recaps under season 0, not as episode 12
        return found
    special = pat.SPECIAL_WORD.search(text, 0, match.start())
    if special is not None:
        # "Show OVA - 02": the number counts OVAs, not episodes of any season.
        found.title_end = special.start()
        found.special = True
        return found
    season = _season_marker(text, 0, match.start())
    if season is not None:
        found.title_end = season.start()
        found.seasons = _seasons_of(season)
        attached = not text[season.end() : match.start()].strip(" -[]()")
        if attached and len(found.seasons) == 1:
            found.episodes = values
            return found
        found.absolute = values
        return found
    compact = _compact(groups["first"]) if groups["last"] is None else None
    if anime is False and match.re is pat.DASH_NUMBER and compact is not None:
        found.seasons, found.episodes = (compact[0],), (compact[1],)
        return found
    found.absolute = values
    season = _season_marker(text, match.end())
    if season is not None:
        found.seasons = _seasons_of(season)
    return found


def _packs(text: str) -> _Found | None:
    """Tiers 3 and 4: season packs, Part/Vol packs, specials named as such."""
    season = _season_marker(text)
    complete = pat.COMPLETE_SERIES.search(text)
    if season is not None and (complete is None or season.start() < complete.start()):
        found = _Found(title_end=season.start(), seasons=_seasons_of(season), full=True)
        if pat.PART.search(text, season.end()) is not None:
            found.full = False  # "S01 Part 2" is half a season
        return found
    if complete is not None:
        return _Found(title_end=complete.start(), full=True)
    part = pat.PART.search(text)
    if part is not None:
        return _Found(title_end=part.start())
    special = pat.SPECIAL_WORD.search(text)
    if special is not None:
        return _Found(title_end=special.start(), special=True)
    return None


def _tag_start(text: str) -> int:
    """Where the metadata starts in a name without markers: first tag, tag bracket or date."""
    end = len(text)
    for match in pat.BRACKET.finditer(text):
        content, paren = _bracket_content(match)
        if paren and pat.TITLE_PAREN.match(content):
            continue
        if match.start() == 0 and not is_tag_bracket(content):
            continue  # "[Title][1080p]" once the group is gone: the title itself
        end = match.start()
        break
    for pattern in (pat.STRONG_TAG, pat.AIR_DATE, pat.PACK_WORD):
        tag = pattern.search(text, 0, end)
        if tag is not None:
            end = tag.start()
    return end


def _bare(text: str, anime: bool | None, anime_style: bool, *, is_file: bool) -> _Found:
    """Tier 5: a number as the last word before the tags, or a file named by its number only."""
    leading = pat.LEADING_NUMBER.match(text)
    if (
        is_file
        and leading is not None
        and not _is_year(leading["digits"])
        and (leading.end() == len(text) or text.startswith((" - ", " [", " ("), leading.end()))
    ):
        # "01.mkv", "01 - Pilot.mkv": the folder names the series
        version = int(leading["version"]) if leading["version"] else None
        return _Found(title_end=0, absolute=(int(leading["digits"]),), version=version)
    end = _tag_start(text)
    words = text[:end].split()
    if len(words) < 2:
        return _Found(title_end=end)
    last = pat.BARE_NUMBER.match(words[-1])
    if last is None or words[-2].lower().rstrip(".") in {"no", "#"}:
        return _Found(title_end=end)
    digits = last["digits"]
    version = int(last["version"]) if last["version"] else None
    number_start = text.rindex(words[-1], 0, end)
    if _is_year(digits) and version is None:
        return _Found(title_end=end)  # "Doctor Who 2005": the year belongs to the title
    compact = _compact(digits)
    scene_style = anime is False or (anime is None and not anime_style)
    if compact is not None and scene_style:
        return _Found(title_end=number_start, seasons=(compact[0],), episodes=(compact[1],))
    if len(digits) >= 3 and digits[0] != "0" and compact is None and scene_style:
        return _Found(title_end=end)  # "The 4400", "The 100": no episode 00, so a title
    return _Found(title_end=number_start, absolute=(int(digits),), version=version)


def _release_group(text: str, title_end: int) -> str | None:
    """A scene group glued to the last tag: ``x264-NTb``, ``H264-GRP[rarbg]``, ``[h264]-Vodes``."""
    trimmed = _TRAILING_BRACKETS.sub("", text)
    trimmed = _TRAILING_SAMPLE.sub("", trimmed)
    token_start = trimmed.rfind(" ") + 1
    if token_start < title_end or len(trimmed) <= title_end:
        return None  # the last word is still the title ("The Amazing Spider-Man")
    token = trimmed[token_start:]
    if "]-" in token:
        # Sonarr's renamed files: "...[h264]-Erai-raws" — everything after the brackets.
        group = token.rsplit("]-", 1)[1]
        return group if _is_group(group) else None
    left, dash, group = token.rpartition("-")
    if dash and pat.GROUP_JUNK.match(group):
        token = left  # "H264-GRP-Obfuscated": the poster's suffix, not the group
        left, dash, group = token.rpartition("-")
    if not dash or not left or pat.STRONG_TAG.fullmatch(token) or not _is_group(group):
        return None  # "WEB-DL", "E-AC-3", "S01E01-03"
    return group


def _is_group(word: str) -> bool:
    return bool(
        word
        and not _NOT_GROUP.fullmatch(word)
        and not pat.STRONG_TAG.fullmatch(word)
        and not pat.GROUP_JUNK.match(word)
    )


def _leading_group(text: str) -> tuple[str | None, str]:
    """An anime group in front: ``[SubsPlease] Title - 01`` → ("SubsPlease", "Title - 01")."""
    match = pat.LEADING_GROUP.match(text)
    if match is None:
        return None, text
    content = match.group(1).strip()
    if (
        not any(char.isalnum() for char in content)
        or pat.RESOLUTION.search(content)
        or pat.BARE_NUMBER.match(content)
        or pat.CRC32.match(content)
        or pat.SEASON_SHORT.fullmatch(content)
    ):
        return None, text
    return content, text[match.end() :]


def _resolution(text: str) -> str | None:
    match = pat.RESOLUTION.search(text)
    if match is None:
        return None
    if match["uhd"]:
        return "2160p"
    if match["height"]:
        return f"{int(match['height'])}p"
    return f"{int(match['lines'])}{match['scan'].lower()}"


def parse_name(name: str, *, anime: bool | None) -> NameParts:
    """Parse one name: a release title, a folder or a file name (a known extension is dropped)."""
    name, extension = split_extension(name)
    text = normalise(name)
    group, text = _leading_group(text)
    found = (
        _explicit(text)
        or _numbered(text, anime)
        or _packs(text)
        or _bare(text, anime, group is not None, is_file=extension is not None)
    )
    strong_extra = pat.STRONG_EXTRA.search(text)
    if strong_extra is not None and strong_extra.start() < found.title_end:
        found.title_end = strong_extra.start()  # "NCOP.mkv", "sample.mkv": no series title
    title = title_before(text, found.title_end)
    if group is None:
        group = _release_group(text, found.title_end)
    tail = text[found.title_end :]
    version = found.version
    if version is None:
        standalone = pat.VERSION.search(tail)
        version = int(standalone["version"]) if standalone else None
    extra = bool(
        extension in pat.NON_EPISODE_EXTENSIONS
        or strong_extra is not None
        or pat.WEAK_EXTRA.search(tail)
    )
    full = found.full or bool(pat.PACK_WORD.search(tail))
    special = found.special or 0 in found.seasons
    if extra:
        return NameParts(
            series_title=title,
            seasons=found.seasons,
            extra=True,
            release_group=group,
            resolution=_resolution(text),
        )
    return NameParts(
        series_title=title,
        seasons=found.seasons,
        episodes=found.episodes,
        absolute_episodes=found.absolute,
        full_season=full,
        special=special,
        release_group=group,
        resolution=_resolution(text),
        version=version,
    )
