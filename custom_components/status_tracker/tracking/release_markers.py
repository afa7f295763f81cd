"""The numbering vocabulary of release names: season and episode markers, in every spelling.

Like ``release_patterns`` these run on a *normalised* name (``release_name.normalise``).
``(?<![a-z0-9])`` / ``(?![a-z0-9])`` stand in for word boundaries because a regex boundary treats
``_`` and CJK characters as word characters, and episode numbers often touch CJK text.
"""

from __future__ import annotations

import re

_NB = r"(?<![a-z0-9])"  # no word character before
_NA = r"(?![a-z0-9])"  # no word character after

# Season and episode words of the languages release groups name episodes in. "se" (Dutch "Se.")
# only counts when an episode word follows: alone it is too common a syllable.
_SEASON_WORDS = (
    r"seasons?|series|saison|staffel|temporada|seizoen|stagione|sezon|сезон"
)  # fmt: skip
_EPISODE_WORDS = (
    r"episodes?|eps|episodio|episódio|épisode|capitulo|capítulo|cap|folge|aflevering|afl"
    r"|odcinek|puntata|серия|ona|ep"
)  # fmt: skip

# Chinese numerals as seasons and episodes are written: 第二季, 第十二季, 第二十三集.
CJK_DIGITS = "〇零一二两三四五六七八九十"
_CJK_NUMBER = rf"(?:\d{{1,4}}|[{CJK_DIGITS}]{{1,3}})"

# S01E01, s1e1, S01E01E02, S01E01-E03, S01E01-03, S01 E01, S01.E01 (spaced names keep the dot),
# S01EP01, S01 Ep 01, S01 - E01, S01E01v2, S2024E123, S01E12345 (daily shows past 9999).
SXXEYY = re.compile(
    rf"(?i){_NB}s(?P<season>\d{{1,4}})[ .]?(?:- ?)?e(?:p\.? ?)?(?P<episode>\d{{1,5}})"
    r"(?P<more>(?: ?(?:[-+&] ?)?(?:s\d{1,4})?e(?:p ?)?\d{1,5}|-\d{1,5}(?![0-9pi]))*)"
    r"(?:v(?P<version>\d))?"
    rf"{_NA}"
)
# A group or title glued to the marker ("grps01e02", "Shows01e02"): only the full two-digit form
# is trusted there, a letter followed by "s1e2" is too often part of a word.
SXXEYY_GLUED = re.compile(
    rf"(?i)(?<=[a-z])s(?P<season>\d{{2,4}})e(?P<episode>\d{{2,5}})"
    r"(?P<more>(?:(?:-?e)\d{2,5})*)(?:v(?P<version>\d))?"
    rf"{_NA}"
)

# 1x01, 3x7, 2011x04 (a year as the season), 1x01-1x03, 1x01-03, 1x01x02, 1x01 - 1x02. A spaced
# dash continues the range only with another NxM: in "4x05 - 1984" the number is the title.
NXM = re.compile(
    rf"(?i){_NB}(?P<season>\d{{1,2}}|(?:19|20)\d\d)x(?P<episode>\d{{1,3}})"
    r"(?P<more>(?:-(?:\d{1,2}x)?\d{1,3}|x\d{1,3}| ?[-&+] ?\d{1,2}x\d{1,3})*)"
    rf"{_NA}"
)

# Season 1 Episode 3, Series 2 Episode 4, Season 1 Ep 3-4, and the same in other languages:
# Staffel 1 Folge 5, Saison 1 Épisode 5, Se.3 afl.07, Seizoen 2 Afl 4 ("Temporada 1 Capitulo 105"
# is left to the Cap rules: it may pack the season).
SEASON_EPISODE = re.compile(
    rf"(?i){_NB}(?:{_SEASON_WORDS}|se) ?(?P<season>\d{{1,2}})[ ,:-]*"
    rf"(?P<word>{_EPISODE_WORDS}|e)\.? ?(?P<episode>\d{{1,5}})"
    rf"(?: ?(?:-|~|to|&) ?(?:(?:{_EPISODE_WORDS})\.? ?)?(?P<last>\d{{1,5}}))?{_NA}"
)

# Spanish trackers pack season and episode into one number: "Cap.102" is S01E02, "Cap.1205" is
# S12E05, "Cap.101_103" is S01E01-E03. The full word ("Capítulo 102") only packs them when a season
# word agrees ("Temporada 1 Capitulo 102"): a telenovela's chapters count from the start.
CAP_PACKED = re.compile(
    rf"(?i){_NB}cap(?P<word>[ií]tulo)?\.? ?(?P<first>[1-9]\d{{2,3}})"
    rf"(?:[_ -](?:cap\.? ?)?(?P<last>[1-9]\d{{2,3}}))?{_NA}"
)

# A number that follows SxxEyy in Sonarr-style anime names: "S01E05 - 005 - Title", "S01E05 (005)".
# It must be a whole segment: in "S01E05 - 10 Things" the number starts the episode title.
ABSOLUTE_AFTER = re.compile(
    r"(?: - | ?\(| ?\[)(?P<first>\d{2,4})(?: ?- ?(?P<last>\d{2,4}))?(?:v\d)?"
    r"(?= - | ?[\[(]|[)\]]|$)"
)

# An anime number right before SxxEyy or NxM in parentheses: "Shingeki no Kyojin - 87 (S04E28)",
# "Title 27 (S02E03)", "Title - 27 [2x03]". Without parentheses only after a dash: "The 100 S01E01".
ABSOLUTE_BEFORE = re.compile(
    r"(?<= )(?:- (?P<dash>\d{1,4})(?:v\d)? ?[(\[]?|(?P<bare>\d{2,4}) [(\[])$"
)

# An absolute number, then the season's episode in brackets without an "E": "Title 128 (S2 - 07)",
# "Title - 128 [S02 07]" (with the "E" the SxxEyy rule reads it).
ABSOLUTE_THEN_SEASON = re.compile(
    r"(?i)(?<= )(?:- )?(?P<absolute>\d{1,4})(?:v\d)? [(\[]s(?P<season>\d{1,2})(?: - | )"
    r"(?P<episode>\d{1,3})[)\]]"
)

# The anime separator number: "Title - 05", "- 1089", "- 05v2", "- 01-12", "- 01 ~ 12", "- 05+06".
# A range takes "-" only without spaces: in "Title - 11 - 511 Name" the second number starts the
# name. "- 12.5" is a recap between episodes 12 and 13: a special.
DASH_NUMBER = re.compile(
    r"(?<= )- (?P<first>\d{1,5})(?P<half>\.5)?(?:v(?P<version>\d))?"
    r"(?:(?:-| ?~ ?)(?P<last>\d{1,5})(?:v\d)?|(?P<plus>(?: ?[+&] ?\d{1,4}(?:v\d)?)+))?"
    r"(?=[ \[(]|$)"
)

# "#07", "#2-5", "#01-#02", "#12v2": anime and Japanese TV recordings number episodes with a hash.
HASH_NUMBER = re.compile(
    r"(?i)(?<![^\s\[(])#(?P<first>\d{1,4})(?:v(?P<version>\d))?(?:-#?(?P<last>\d{1,4}))?(?![0-9])"
)

# Episode 5, Ep05, EP 05, Ep.11v2, E05 (no season), Episódio 12, Folge 5, afl. 7, ONA 05 (a web
# series' episode), and ranges.
EPISODE_WORD = re.compile(
    rf"(?i){_NB}(?:(?:{_EPISODE_WORDS})\.? ?|e)(?P<first>\d{{1,5}})(?:v(?P<version>\d))?"
    rf"(?:(?:-| ?(?:~|to|&) ?)(?:(?:{_EPISODE_WORDS}|e)\.? ?)?(?P<last>\d{{1,5}}))?"
    rf"{_NA}"
)
# 第05话, 05話, 第07集, 第十二话, 第01-12集.
EPISODE_CJK = re.compile(
    rf"(?:第 ?)?(?<![0-9])(?P<first>{_CJK_NUMBER})(?: ?[-~] ?(?P<last>{_CJK_NUMBER}))? ?[話话集回]"
)

# A bracketed episode or batch range: [01], [01v2], (01-24), [01 ~ 12], [01-28TV全集], [12 END],
# [07/12] (episode 7 of 12).
BRACKET_NUMBER = re.compile(
    r"[\[(](?P<first>\d{1,4})(?:v(?P<version>\d))?"
    r"(?: ?(?:-|~) ?(?P<last>\d{1,4})(?:v\d)?|/\d{1,4})?"
    r"(?P<tail> ?(?:tv)? ?(?:全集|合集|fin|end|complete))?[\])]",
    re.IGNORECASE,
)

# Season packs: S01, S01-S03, S1-3, S01 S02, Season 2, Seasons 1-3, Season 01+02, 2nd Season, 第2季,
# 第二季, Staffel 2, Temporada 2, 1ª Temporada. A spaced dash only joins seasons when another
# season follows: in "Title S2 - 07" it does not. "sep" tells a range (-, ~, to) from a list.
SEASON_SHORT = re.compile(
    rf"(?i){_NB}s(?P<first>\d{{1,2}})"
    r"(?:(?P<sep>-| - (?=s)| ?(?:~|to|&|\+) ?)s?(?P<last>\d{1,2}))?"
    rf"(?P<more>(?: s\d{{1,2}}{_NA})*){_NA}"
)
SEASON_WORD = re.compile(
    rf"(?i){_NB}(?:{_SEASON_WORDS}) ?(?P<first>\d{{1,2}})"
    rf"(?:(?P<sep>-| - (?=(?:{_SEASON_WORDS}))| ?(?:~|to|&|\+|,) ?)(?:(?:{_SEASON_WORDS}) ?)?"
    r"(?P<last>\d{1,2}))?"
    rf"{_NA}"
)
SEASON_ORDINAL = re.compile(
    rf"(?i){_NB}(?P<first>\d{{1,2}})(?:st|nd|rd|th|ª|º|°) ?(?:season|temporada|saison|staffel)"
    rf"{_NA}"
)
SEASON_CJK = re.compile(rf"第 ?(?P<first>{_CJK_NUMBER}) ?[季期]")

COMPLETE_SERIES = re.compile(rf"(?i){_NB}(?:the )?complete (?:series|collection){_NA}")

# Part/Vol packs: Part 2, Pt.1, Vol.1-3, Volume 2, Cour 2.
PART = re.compile(
    rf"(?i){_NB}(?:part|pt|vol(?:ume)?|cour)\.? ?(?P<first>\d{{1,2}})"
    r"(?: ?(?:-|~|to|&) ?(?P<last>\d{1,2}))?"
    rf"{_NA}"
)

# Mini-series, filed by Sonarr as season 1: Part 3, Part.Three, Pt 3, Part3, 3of6, (3 of 6).
_NUMBER_WORDS = (
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
    "twenty",
)  # fmt: skip
NUMBER_WORDS = {word: value for value, word in enumerate(_NUMBER_WORDS, start=1)}
MINI_PART = re.compile(
    rf"(?i){_NB}(?:part|pt)\.? ?(?P<first>\d{{1,2}}|{'|'.join(_NUMBER_WORDS)}){_NA}"
    rf"(?: ?of ?\d{{1,2}}{_NA})?"
)
MINI_OF = re.compile(rf"(?i){_NB}(?P<first>\d{{1,2}}) ?of ?(?P<total>\d{{1,2}}){_NA}")
# What turns "Part 2" into a half-season pack rather than a mini-series episode.
PACK_CONTEXT = re.compile(rf"(?i){_NB}(?:vol(?:ume)?|cour|final season|batch|complete){_NA}")

# Specials named as such: SP, SP1, OVA, OVA 2, OVA - 2, OAD, Special, Specials. "number" is the
# special's own number: it counts specials (season 0), not episodes.
SPECIAL_WORD = re.compile(
    rf"(?i){_NB}(?:sp|ova|oad|specials?)(?:(?: - | ?)(?P<number>\d{{1,2}})(?:v\d)?)?{_NA}"
)

# A leading "SS-EE" before the episode title in files named inside a season folder: "02-13 - Title".
LEADING_SEASON_EPISODE = re.compile(r"^(?P<season>\d{1,2})-(?P<episode>\d{2})(?= - \D| [^\W\d])")

# Daily shows: 2024.03.14 (dots are spaces by now).
AIR_DATE = re.compile(
    r"(?<![0-9])(?:19|20)\d\d[ -](?:0[1-9]|1[0-2])[ -](?:0[1-9]|[12]\d|3[01])(?![0-9])"
)

# The last word before the tags: "Show 1013", "[Grp] Show 05v2", "Show 103", "Title 05+06".
BARE_NUMBER = re.compile(
    r"(?i)^(?P<digits>\d{1,4})(?:v(?P<version>\d))?(?:(?P<sep>[+-])(?P<last>\d{1,4}))?$"
)
LEADING_NUMBER = re.compile(r"(?i)^(?P<digits>\d{1,4})(?:v(?P<version>\d))?(?= |$)")
