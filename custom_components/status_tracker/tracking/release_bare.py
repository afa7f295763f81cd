"""The last-resort rule: a number standing alone among the title's words.

``Show 1013`` (S10E13 in scene style, absolute 1013 in anime style), ``[Grp] Title 05v2``,
``One.Piece.1102.Episode.Title`` (absolute for an anime series) — and all the numbers that are a
title's own: ``Toy Story 3``, ``Doctor Who 2005``, ``The 4400``, ``Evangelion.1.11``,
``Jujutsu Kaisen 0``, ``Title Movie 2``, a sequel's ``[Batch]``.
"""

from __future__ import annotations

import re

from . import release_markers as mk, release_patterns as pat
from .release_found import Context, Found, compact_numbering, version_of
from .release_text import is_year, numbers, tag_start

_FINALE_WORDS = frozenset({"END", "End", "FIN", "Fin", "FINAL", "Final"})
_ROMAN = re.compile(r"(?i)^[ivx]+$")
# Words after which a number names a film or a volume, not an episode ("Title Movie 2").
_NOT_EPISODE_BEFORE = frozenset({"no", "#", "movie", "film", "gekijouban", "vol", "volume"})


def read_bare(ctx: Context) -> Found | None:
    """A number as the last word before the tags (or one followed only by an episode title)."""
    text = ctx.text
    leading = mk.LEADING_NUMBER.match(text)
    if (
        ctx.is_file
        and leading is not None
        and not is_year(leading["digits"])
        and (leading.end() == len(text) or text.startswith((" - ", " [", " ("), leading.end()))
    ):
        # "01.mkv", "01 - Pilot.mkv": the folder names the series
        return Found(
            title_end=0,
            absolute=(int(leading["digits"]),),
            version=version_of(leading["version"]),
            span=leading.span(),
        )
    end = tag_start(text)
    words = [(m.start(), m.group()) for m in re.finditer(r"\S+", text[:end])]
    if len(words) > 2 and words[-1][1] in _FINALE_WORDS:
        words.pop()  # "Title 12 END": the number before the word
    if len(words) < 2:
        return None
    batch = pat.PACK_WORD.search(text) is not None
    found = _bare_word(ctx, words, len(words) - 1, batch=batch)
    if found is not None or ctx.anime_style:
        return found
    # "One.Piece.1102.Episode.Title.1080p": a number followed by an episode title. Not one that
    # a number or a Roman numeral follows: "Mob.Psycho.100.III", "Mob.Psycho.100.1102.Title".
    for index in range(1, len(words) - 1):
        following = words[index + 1][1]
        if not words[index][1].isdigit() or following.isdigit() or _ROMAN.match(following):
            continue
        found = _bare_word(ctx, words, index, batch=batch, middle=True)
        if found is not None:
            return found
    return None


def _bare_word(
    ctx: Context, words: list[tuple[int, str]], index: int, *, batch: bool, middle: bool = False
) -> Found | None:
    start, word = words[index]
    last = mk.BARE_NUMBER.match(word)
    before = words[index - 1][1]
    if last is None or before.lower().rstrip(".") in _NOT_EPISODE_BEFORE:
        return None  # "Kaiju No. 8", "Title Movie 2"
    digits = last["digits"]
    padded = len(digits) > 1 and digits[0] == "0"  # "05": an episode, never a title's number
    if before.isdigit() and not padded and len(digits) <= 2:
        return None  # "Evangelion.1.11", "Ghost.in.the.Shell.2.0": dots were spaces already
    version = version_of(last["version"])
    span = (start, start + len(word))
    if last["last"] is not None:
        if last["sep"] == "+":
            values: tuple[int, ...] = (int(digits), int(last["last"]))
        else:
            values = numbers(digits, last["last"])
        return Found(title_end=start, absolute=values, version=version, span=span)
    if (is_year(digits) and version is None) or int(digits) == 0:
        return None  # "Doctor Who 2005", "Jujutsu Kaisen 0", "Gundam 00": the title's number
    if batch:
        return None  # "[Grp] Title 2 [Batch]": a sequel's batch, not its episode 2
    compact = compact_numbering(digits)
    if ctx.scene_style and compact is not None:
        return Found(title_end=start, seasons=(compact[0],), episodes=(compact[1],), span=span)
    if middle and not padded and not (ctx.anime is True and len(digits) >= 2):
        return None  # "Apollo 13 Returns": a number inside a title
    if (
        ctx.scene_style
        and not padded
        and not (ctx.is_file and compact is None and len(digits) <= 2)
    ):
        # "The 4400", "Toy Story 3", "Apollo 13": a title's number, not an episode
        return None
    return Found(title_end=start, absolute=(int(digits),), version=version, span=span)
