"""The vocabulary of release names: compiled patterns and word lists used by the name parser.

Every pattern runs on a *normalised* name (see ``release_name.normalise``): underscores and, in
dot-style names, dots are spaces, fullwidth brackets are ASCII, runs of spaces are one space.
``(?<![a-z0-9])`` / ``(?![a-z0-9])`` stand in for word boundaries because a regex boundary
treats ``_`` and CJK characters as word characters, and episode numbers often touch CJK text
(``第01话``).
"""

from __future__ import annotations

import re

# File extensions of episodes and of the files that travel with them (subtitles, external audio):
# stripped, and the rest of the name is parsed as usual.
MEDIA_EXTENSIONS = frozenset(
    {
        "3gp", "ass", "avi", "divx", "flv", "idx", "iso", "m2ts", "m4v", "mka", "mks", "mkv",
        "mov", "mp4", "mpeg", "mpg", "ogm", "ogv", "rmvb", "srt", "ssa", "sub", "sup", "ts",
        "vob", "vtt", "webm", "wmv",
    }
)  # fmt: skip

# Files that are never an episode, whatever their name says (info files, covers, fonts, CDs).
NON_EPISODE_EXTENSIONS = frozenset(
    {
        "7z", "bmp", "cue", "db", "exe", "flac", "gif", "htm", "html", "jpeg", "jpg", "log",
        "m4a", "md5", "mp3", "nfo", "otf", "par2", "pdf", "png", "rar", "sfv", "sha1",
        "torrent", "ttc", "ttf", "txt", "url", "wav", "webp", "zip",
    }
)  # fmt: skip

# Folders whose files are not episodes (bonus material, scans, soundtracks, fonts).
EXTRA_FOLDERS = frozenset(
    {
        "extra", "extras", "featurette", "featurettes", "bonus", "bonus features",
        "behind the scenes", "deleted scenes", "interviews", "trailers", "sample", "samples",
        "menu", "menus", "nc", "ncop", "nced", "ncop nced", "creditless", "scans", "cd", "cds",
        "ost", "soundtrack", "fonts", "other", "others", "misc", "shorts", "pv", "cm", "cms",
        "screens", "screenshots", "proof",
    }
)  # fmt: skip

# Folders that hold specials (season 0 material), not extras.
SPECIAL_FOLDERS = frozenset({"specials", "special", "sp", "sps", "ova", "ovas", "oad", "oads"})

# Suffixes indexers and usenet posters glue after the real scene group.
GROUP_JUNK = re.compile(
    r"(?i)^(?:obfuscated|rakuv\w*|postbot|xpost|scrambled|whiterev|buymore|asrequested"
    r"|alternativetorequested|sample)$"
)

_NB = r"(?<![a-z0-9])"  # no word character before
_NA = r"(?![a-z0-9])"  # no word character after

# Dotted tags that must survive the dot-to-space conversion of scene names: H.264, DDP5.1, AAC2.0.
DOTTED_CODEC = re.compile(r"(?i)(?<![a-z0-9])([hx])\.(26[45])(?![0-9])")
DOTTED_CHANNELS = re.compile(
    r"(?i)(?<![a-z0-9])((?:ddp?|dd\+|e-?ac-?3|ac-?3|aac|atmos|truehd|flac|opus|dts|ma|l?pcm|mp3)"
    r"\.?[1-9])\.([0-9])(?![0-9])"
)

# Indexer and tracker advertising in front of the real title: "www.UIndex.org    -    Show S01E01",
# "[ www.Torrenting.com ] - Show.S01E01".
SITE_PREFIX = re.compile(
    r"(?i)^\s*(?:\[\s*www\.[^\s\]]+\s*\]|www\.[^\s]+?\.[a-z]{2,4}(?=[\s\-]))\s*(?:-\s*)?"
)

# Decoration some Chinese fansub groups put around a season note: ★10月新番★.
STAR_NOTE = re.compile(r"★[^★]*★")

BRACKET = re.compile(r"\[([^\[\]]*)\]|\(([^()]*)\)")

LEADING_GROUP = re.compile(r"^\s*\[([^\[\]]+)\]\s*")

# A bracket that only holds a CRC32 (or any 8-hex hash) of the file.
CRC32 = re.compile(r"(?i)^[0-9a-f]{8}$")

# Parentheses that belong to the series title: a year or a country code.
TITLE_PAREN = re.compile(r"(?i)^(?:(?:19|20)\d\d|us|uk|au|nz|ca|jp|kr)$")

YEAR = re.compile(r"^(?:19|20)\d\d$")

# "BD1080p", "h264-1080p": only digits before a resolution rule it out.
RESOLUTION = re.compile(
    r"(?i)(?<![0-9])(?:(?P<lines>\d{3,4})(?P<scan>[pi])|\d{3,4}x(?P<height>\d{3,4})"
    r"|(?P<uhd>4k|uhd))(?![a-z0-9])"
)

# Tags that can only be release metadata: they end a series title that has no episode marker.
STRONG_TAG = re.compile(
    rf"(?i){_NB}(?:\d{{3,4}}[pi]|\d{{3,4}}x\d{{3,4}}|4k|uhd"
    r"|[xh] ?\.?26[45]|hevc|avc|av1|vp9|xvid|divx|\d{1,2} ?-?bits?|hi10p?|ma10p|hdr(?:10)?\+?"
    r"|dovi|web(?: ?-?(?:dl|rip))?|webdl|hdtv|pdtv|sdtv|dsr|tvrip|hdrip|blu ?-?ray|bdrip"
    r"|brrip|bdremux|remux|dvd(?:rip|r|9|5)?|amzn|dsnp|hmax|atvp|pcok|pmtp|hulu"
    r"|ddp?\+?\d*|e-?ac-?3\d*|ac-?3|aac\d*|truehd|atmos|dts(?:-?(?:hd|x|es))?|l?pcm\d*"
    r"|proper|repack\d?|rerip|internal|multi|multi-?subs?|dual ?-?audio|vostfr|subfrench|truefrench"
    r"|complete|batch)"
    rf"{_NA}"
)

# Anything that marks a bracket as release metadata rather than a title (looser than STRONG_TAG:
# inside brackets "CR", "NF", "ENG" cannot be a title word).
BRACKET_TAG = re.compile(
    rf"(?i){_NB}(?:\d{{3,4}}[pi]|\d{{3,4}}x\d{{3,4}}|4k|uhd|fhd|[xh] ?\.?26[45]|hevc|avc|av1"
    r"|vp9|xvid|\d{1,2} ?-?bits?|hi10p?|ma10p|hdr|web(?: ?-?(?:dl|rip))?|webdl|hdtv|bd|bdrip"
    r"|blu ?-?ray|remux|dvd(?:rip)?|aac[\d.]*|flac[\d.]*|opus|ac3|e-?ac-?3|ddp?[\d.]*|dts|truehd"
    r"|mp4|mkv|eng|jpn|chs|cht|jpsc|jptc|gb|big5|multi(?:ple)?|sub(?:title)?s?|multi-subs?|dual"
    r"|dub|raw|v\d|cr|nf|amzn|dsnp|baha|b-global|adn|funi|hidive|vostfr|batch|complete|end|fin"
    r"|weekly|uncensored|uncut|rarbg|eztv(?:x?\.\w+)?|tgx|ettv)"
    rf"{_NA}"
    r"|简|繁|字幕|内封|內封|外挂|外掛|内嵌|內嵌|双语|雙語|日语|日語|中字|招募|翻译|翻譯|新番|合集"
)

# S01E01, s1e1, S01E01E02, S01E01-E03, S01E01-03, S01 E01, S01E01v2.
SXXEYY = re.compile(
    rf"(?i){_NB}s(?P<season>\d{{1,4}}) ?(?:- ?)?e(?P<episode>\d{{1,4}})"
    r"(?P<more>(?: ?(?:[-+] ?)?e\d{1,4}|-\d{1,4}(?![0-9pi]))*)"
    r"(?:v(?P<version>\d))?"
    rf"{_NA}"
)

# 1x01, 1x01-1x03, 1x01-03, 1x01x02 (a resolution such as 1920x1080 has more digits in front).
NXNN = re.compile(
    rf"(?i){_NB}(?P<season>\d{{1,2}})x(?P<episode>\d{{2,3}})"
    r"(?P<more>(?: ?- ?(?:\d{1,2}x)?\d{2,3}|x\d{2,3})*)"
    rf"{_NA}"
)

# Season 1 Episode 3, Series 2 Episode 4, Season 1 Ep 3-4.
SEASON_EPISODE = re.compile(
    rf"(?i){_NB}(?:season|series) ?(?P<season>\d{{1,2}})[ ,:-]*(?:episode|ep\.?) ?"
    r"(?P<episode>\d{1,4})(?: ?(?:-|~|to|&) ?(?:(?:episode|ep\.?) ?)?(?P<last>\d{1,4}))?"
    rf"{_NA}"
)

# A number that follows SxxEyy in Sonarr-style anime names: "S01E05 - 005 - Title", "S01E05 (005)".
ABSOLUTE_AFTER = re.compile(
    r"(?: ?- ?| ?\(| ?\[)(?P<first>\d{2,4})(?: ?- ?(?P<last>\d{2,4}))?(?:v\d)?(?=[ )\]]|$)"
)

# An anime number right before SxxEyy: "Shingeki no Kyojin - 87 (S04E28)".
ABSOLUTE_BEFORE = re.compile(r"(?<= )- (?P<first>\d{2,4}) ?[(\[]?$")

# The anime separator number: "Title - 05", "- 1089", "- 05v2", "- 01-12", "- 01 ~ 12". A range
# takes "-" only without spaces: in "Title - 11 - 511 Name" the second number starts the name.
# "- 12.5" is a recap between episodes 12 and 13: a special.
DASH_NUMBER = re.compile(
    r"(?<= )- (?P<first>\d{1,4})(?P<half>\.5)?(?:v(?P<version>\d))?"
    r"(?:(?:-| ?~ ?)(?P<last>\d{1,4})(?:v\d)?)?"
    r"(?=[ \[(]|$)"
)

# Episode 5, Ep05, EP 05, E05 (no season), 第05话, 05話.
EPISODE_WORD = re.compile(
    rf"(?i){_NB}(?:episode ?|ep\.? ?|e)(?P<first>\d{{1,4}})(?:v(?P<version>\d))?"
    r"(?:(?:-| ?(?:~|to) ?)(?:(?:episode|ep\.?|e) ?)?(?P<last>\d{1,4}))?"
    rf"{_NA}"
)
EPISODE_CJK = re.compile(
    r"(?:第 ?)?(?<![0-9])(?P<first>\d{1,4})(?: ?[-~] ?(?P<last>\d{1,4}))? ?[話话集回]"
)

# A bracketed episode or batch range: [01], [01v2], (01-24), [01 ~ 12], [01-28TV全集], [12 END].
BRACKET_NUMBER = re.compile(
    r"[\[(](?P<first>\d{1,4})(?:v(?P<version>\d))?"
    r"(?: ?(?:-|~) ?(?P<last>\d{1,4})(?:v\d)?)?"
    r"(?P<tail> ?(?:tv)? ?(?:全集|合集|fin|end|complete))?[\])]",
    re.IGNORECASE,
)

# Season packs: S01, S01-S03, S1-3, S01 S02, Season 2, Seasons 1-3, Season 01+02, 2nd Season, 第2季.
# A spaced dash only joins seasons when another season follows: in "Title S2 - 07" it does not.
# "sep" tells a range (-, ~, to) from a list (&, +, ",").
SEASON_SHORT = re.compile(
    rf"(?i){_NB}s(?P<first>\d{{1,2}})"
    r"(?:(?P<sep>-| - (?=s)| ?(?:~|to|&|\+) ?)s?(?P<last>\d{1,2}))?"
    rf"(?P<more>(?: s\d{{1,2}}{_NA})*){_NA}"
)
SEASON_WORD = re.compile(
    rf"(?i){_NB}seasons? ?(?P<first>\d{{1,2}})"
    r"(?:(?P<sep>-| - (?=season)| ?(?:~|to|&|\+|,) ?)(?:season ?)?(?P<last>\d{1,2}))?"
    rf"{_NA}"
)
SEASON_ORDINAL = re.compile(rf"(?i){_NB}(?P<first>\d{{1,2}})(?:st|nd|rd|th) season{_NA}")
SEASON_CJK = re.compile(r"第 ?(?P<first>\d{1,2}) ?季")

COMPLETE_SERIES = re.compile(rf"(?i){_NB}(?:the )?complete (?:series|collection){_NA}")
PACK_WORD = re.compile(rf"(?i){_NB}(?:complete|batch){_NA}|全集|合集")

# Part/Vol packs: Part 2, Pt.1, Vol.1-3, Volume 2, Cour 2.
PART = re.compile(
    rf"(?i){_NB}(?:part|pt|vol(?:ume)?|cour)\.? ?(?P<first>\d{{1,2}})"
    r"(?: ?(?:-|~|to|&) ?(?P<last>\d{1,2}))?"
    rf"{_NA}"
)

# Specials named as such: SP, SP1, OVA, OVA 2, OAD, Special, Specials.
SPECIAL_WORD = re.compile(rf"(?i){_NB}(?:sp|ova|oad|specials?)(?: ?\d{{1,2}})?{_NA}")

# Daily shows: 2024.03.14 (dots are spaces by now).
AIR_DATE = re.compile(
    r"(?<![0-9])(?:19|20)\d\d[ -](?:0[1-9]|1[0-2])[ -](?:0[1-9]|[12]\d|3[01])(?![0-9])"
)

# A file that is bonus material whatever else its name says.
STRONG_EXTRA = re.compile(
    rf"(?i){_NB}(?:sample|nc ?op\d{{0,2}}|nc ?ed\d{{0,2}}|creditless|menu ?\d{{0,2}}){_NA}"
    r"|(?<![A-Za-z0-9])(?:OP|ED|PV|CM|IV)\d{0,2}(?:v\d)?(?![A-Za-z0-9])"
)
# Bonus words that are also ordinary title words ("Trailer Park Boys"): only after the title.
WEAK_EXTRA = re.compile(
    rf"(?i){_NB}(?:trailers?|teasers?|featurettes?|behind the scenes|deleted scenes?"
    rf"|bloopers|gag reel|making of|previews?){_NA}"
)

VERSION = re.compile(rf"(?i){_NB}v(?P<version>[1-9]){_NA}")

# The last word before the tags: "Show 1013", "[Grp] Show 05v2", "Show 103".
BARE_NUMBER = re.compile(r"^(?P<digits>\d{1,4})(?:v(?P<version>\d))?$")
LEADING_NUMBER = re.compile(r"^(?P<digits>\d{1,4})(?:v(?P<version>\d))?(?= |$)")
