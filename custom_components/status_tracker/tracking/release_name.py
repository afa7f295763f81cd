"""Parse one release title or one path component (no folders): the regex fast path.

The name is normalised once (``normalise``), a leading ``[Group]`` is taken off, and the marker
rules of ``release_rules`` read its numbers (a table tried in priority order: explicit
season-and-episode markers, then numbers that need a season from elsewhere, then packs, then a
bare number). What is left here is the series title before the first marker (or before the first
tag when there is none), the release group, the resolution, the version and the bonus-file check;
see ``release.parse_release`` for the rules.
"""

from __future__ import annotations

from dataclasses import dataclass
import re

from . import release_markers as mk, release_patterns as pat
from .release_found import Context, Found
from .release_rules import read_markers
from .release_text import bracket_content, is_tag_bracket

_TRANSLATE = str.maketrans(
    {
        "_": " ", "【": "[", "】": "]", "（": "(", "）": ")", "～": "~", "〜": "~", "–": "-",
        "—": "-", "［": "[", "］": "]", "＃": "#", "＋": "+", "－": "-", "　": " ",
        **{chr(0xFF10 + digit): str(digit) for digit in range(10)},
    }
)  # fmt: skip
_TIDY = " -~:|,;/[](){}"
_MIN_HEIGHT = 240
_GROUP_WORD = re.compile(r"[A-Za-z][\w&-]{1,24}")
_TRAILING_BRACKETS = re.compile(r"(?:\s*\[[^\[\]]*\])+\s*$")
_TRAILING_SAMPLE = re.compile(r"(?i) sample$")
_NOT_GROUP = re.compile(r"(?i)[e#]?\d+(?:v\d)?|[^a-z0-9]*")
# In dot-style names every dot is a separator except those of an acronym: "S.H.I.E.L.D." and
# "S.W.A.T." keep theirs because titles are matched against Sonarr's, which spell them so.
_SEPARATING_DOT = re.compile(r"(?<!\d)\.(?=[^\W_])|(?<=\d)\.(?=[^\W\d_])")  # not "2.0"
_DOT_OR_ACRONYM = re.compile(r"(?<![A-Za-z0-9])((?:[A-Za-z]\.){2,})|\.")


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

    Dots become spaces only in dot-style names (more dots between words than spaces), so
    "Dr. Stone" or "Kaiju No. 8" keep theirs; dotted tags are joined first so "5.1" cannot read
    as numbers, and acronyms keep their dots (``Agents.of.S.H.I.E.L.D.S01E01`` →
    ``Agents of S.H.I.E.L.D. S01E01``).
    Fullwidth digits, brackets and spaces of Japanese names become ASCII.
    """
    text = pat.SITE_PREFIX.sub("", text)
    # Only dots that separate words count ("Kaiju_No._8" keeps its abbreviation), and before
    # underscores become spaces: "Doctor_Who_2005.4x10.Midnight" is dot-style.
    dot_style = len(_SEPARATING_DOT.findall(text)) > text.count(" ") or not text.strip(". ")
    text = pat.STAR_NOTE.sub(" ", text.translate(_TRANSLATE))
    if dot_style:
        text = pat.DOTTED_CODEC.sub(r"\1\2", text)
        text = pat.DOTTED_CHANNELS.sub(r"\1\2", text)
        text = _DOT_OR_ACRONYM.sub(_dot_or_acronym, text)
    return " ".join(text.split())


def _dot_or_acronym(match: re.Match[str]) -> str:
    acronym = match.group(1)
    return f"{acronym} " if acronym else " "


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
        content, paren = bracket_content(match)
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


def _trailing_group(text: str, found: Found) -> str | None:
    """A fansub group put after the number: ``Title - 01 [Grp][720p]``, ``Title_01_[Grp]``.

    Only in anime-numbered names (an absolute number, no season) and only the first bracket:
    elsewhere a trailing bracket is a language, a tracker or an encoder's collective.
    """
    if not found.absolute or found.seasons or found.span is None:
        return None
    match = pat.SQUARE_BRACKET.search(text, found.span[1])
    if match is None:
        return None
    content = match.group(1).strip()
    return content if _GROUP_WORD.fullmatch(content) and not is_tag_bracket(content) else None


def _is_group(word: str) -> bool:
    return bool(
        word
        and word.isascii()  # "第01-02話": scene groups are ASCII, CJK groups come in brackets
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
        or mk.BARE_NUMBER.match(content)
        or pat.CRC32.match(content)
        or pat.NOT_A_GROUP.match(content)
        or mk.SEASON_SHORT.fullmatch(content)
    ):
        return None, text
    return content, text[match.end() :]


def _resolution(text: str) -> str | None:
    for match in pat.RESOLUTION.finditer(text):
        if match["uhd"]:
            return "2160p"
        if match["height"]:
            if int(match["height"]) >= _MIN_HEIGHT:  # "2014x102" is an episode, not a frame
                return f"{int(match['height'])}p"
            continue
        return f"{int(match['lines'])}{match['scan'].lower()}"
    return None


def parse_name(name: str, *, anime: bool | None) -> NameParts:
    """Parse one name: a release title, a folder or a file name (a known extension is dropped)."""
    name, extension = split_extension(name)
    text = normalise(name)
    group, text = _leading_group(text)
    # Fansub style: a leading group or a CRC32 bracket; its bare numbers count from episode 1.
    anime_style = group is not None or any(
        pat.CRC32.match(content) for content in pat.SQUARE_BRACKET.findall(text)
    )
    found = read_markers(Context(text, anime, anime_style, is_file=extension is not None))
    strong_extra = pat.STRONG_EXTRA.search(text)
    if strong_extra is not None and strong_extra.start() < found.title_end:
        found.title_end = strong_extra.start()  # "NCOP.mkv", "sample.mkv": no series title
    title = title_before(text, found.title_end)
    if group is None:
        group = _release_group(text, found.title_end) or _trailing_group(text, found)
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
