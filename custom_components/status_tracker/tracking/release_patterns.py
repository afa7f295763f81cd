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

# Decoration some Chinese fansub groups put around a season note: ★10月新番★, or before it only:
# ★4月新番.
STAR_NOTE = re.compile(r"★[^★]*★|★\S*")

BRACKET = re.compile(r"\[([^\[\]]*)\]|\(([^()]*)\)")
SQUARE_BRACKET = re.compile(r"\[([^\[\]]*)\]")

LEADING_GROUP = re.compile(r"^\s*\[([^\[\]]+)\]\s*")
# A leading bracket that is not a group: a broadcast date of a TV recording ("[140405]",
# "[140405-0130]") or the source ("[TV]", "[TVRip]").
NOT_A_GROUP = re.compile(r"(?i)^(?:tv|tv-?rip|hdtv|anime|アニメ|\d{6}(?:[-_ ]\d{4})?)$")

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

PACK_WORD = re.compile(rf"(?i){_NB}(?:complete|batch){_NA}|全集|合集")

# A file that is bonus material whatever else its name says (an interview only with its number:
# "IV" alone is "Rocky IV").
STRONG_EXTRA = re.compile(
    rf"(?i){_NB}(?:sample|nc ?op\d{{0,2}}|nc ?ed\d{{0,2}}|creditless|menu ?\d{{0,2}}){_NA}"
    r"|(?<![A-Za-z0-9])(?:(?:OP|ED|PV|CM)\d{0,2}|IV\d{1,2})(?:v\d)?(?![A-Za-z0-9])"
    # "Title - Opening 2", "[Creditless Ending]": the words alone are titles ("Happy Ending").
    r"|(?i:(?:(?<=[\[(])|(?<=- ))(?:nc |creditless |non-?credit(?:ed)? |clean )?(?:opening|ending)"
    r"(?: ?\d{1,2})?(?:v\d)?(?![a-z0-9]))"
)
# Bonus words that are also ordinary title words ("Trailer Park Boys"): only after the title.
WEAK_EXTRA = re.compile(
    rf"(?i){_NB}(?:trailers?|teasers?|featurettes?|behind the scenes|deleted scenes?"
    rf"|bloopers|gag reel|making of|previews?){_NA}"
)

VERSION = re.compile(rf"(?i){_NB}v(?P<version>[1-9]){_NA}")
