"""The parser section of scripts/bench: ms per title, cold and cached, against guessit alone.

The titles are built from the shapes real indexers and torrents carry (scene, P2P, Sonarr-renamed
files, fansub singles and batches, CJK, paths inside packs, and the conventions of issue 9: NxM
with underscores, Spanish Cap. codes, mini-series parts, #07, OVA numbers, long-running absolute
numbers followed by an episode title) with varied series and numbers, so every measured title
is one the process has never parsed ("cold"). Each shape knows the numbers it holds and the
section checks every parse against them: a parser that skips work fails.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
import random
import statistics
import time

from custom_components.status_tracker.tracking.release import ReleaseInfo, parse_release

COLD_ROUNDS = 3
TITLES_PER_ROUND = 1000
CACHED_ROUNDS = 5
GUESSIT_TITLES = 300
WARMUP_TITLES = 100

SERIES = [
    "The Last of Us", "Severance", "Slow Horses", "The Bear", "Shogun", "House of the Dragon",
    "Only Murders in the Building", "The Simpsons", "Doctor Who", "Reacher", "The Boys",
    "Stranger Things", "Ted Lasso", "Foundation", "The Penguin", "Abbott Elementary", "Fallout",
    "Andor", "Loki", "Succession", "Better Call Saul", "Yellowstone", "Taskmaster", "Dark",
    "Peaky Blinders", "The Crown", "Ghosts", "Bluey", "Top Gear", "Hacks",
]  # fmt: skip
ANIME = [
    "Sousou no Frieren", "One Piece", "Jujutsu Kaisen", "Kusuriya no Hitorigoto", "Dungeon Meshi",
    "Oshi no Ko", "Mushoku Tensei", "Kaiju No. 8", "Spy x Family", "Boku no Hero Academia",
    "Dandadan", "Blue Lock", "Ore dake Level Up na Ken", "Kimetsu no Yaiba", "Mob Psycho 100",
    "Vinland Saga", "Bocchi the Rock!", "Re Zero kara Hajimeru Isekai Seikatsu", "Dr. Stone",
    "Shingeki no Kyojin",
]  # fmt: skip
CJK = ["葬送的芙莉莲", "药屋少女的呢喃", "我推的孩子", "间谍过家家", "咒术回战", "迷宫饭"]
SCENE_GROUPS = [
    "NTb",
    "FLUX",
    "EDITH",
    "ION10",
    "SuccessfulCrab",
    "ETHEL",
    "MeGusta",
    "CAKES",
    "KOGi",
]
FANSUBS = ["SubsPlease", "Erai-raws", "HorribleSubs", "Judas", "ASW", "EMBER", "DKB", "Anime Time"]
CJK_GROUPS = ["LoliHouse", "ANi", "桜都字幕组", "喵萌奶茶屋", "Lilith-Raws", "北宇治字幕组"]
EPISODE_NAMES = ["Pilot", "The Return", "Homecoming", "Long Long Time", "Chapter Nine", "Daybreak"]
RESOLUTIONS = ["720p", "1080p", "2160p"]

Expected = tuple[int | None, tuple[int, ...], tuple[int, ...]]


@dataclass(frozen=True, slots=True)
class Title:
    """One generated name, the hint it is parsed with, and the numbers it must yield."""

    name: str
    anime: bool | None
    expected: Expected


def _dots(text: str) -> str:
    return ".".join(text.replace("!", "").replace("No. ", "No ").split())


def _shapes(rng: random.Random) -> list[Callable[[], Title]]:
    """The shapes, repeated by how often they turn up in indexer feeds and torrent file lists."""

    def pick(values: list[str]) -> str:
        return rng.choice(values)

    def res() -> str:
        return pick(RESOLUTIONS)

    def crc() -> str:
        return f"{rng.getrandbits(32):08X}"

    def scene_episode() -> Title:
        s, e = rng.randint(1, 30), rng.randint(1, 24)
        name = f"{_dots(pick(SERIES))}.S{s:02}E{e:02}.{res()}.WEB.h264-{pick(SCENE_GROUPS)}"
        return Title(name, None, (s, (e,), ()))

    def p2p_episode() -> Title:
        s, e = rng.randint(1, 30), rng.randint(1, 24)
        name = (
            f"{_dots(pick(SERIES))}.S{s:02}E{e:02}.{_dots(pick(EPISODE_NAMES))}.{res()}"
            f".AMZN.WEB-DL.DDP5.1.H.264-{pick(SCENE_GROUPS)}"
        )
        return Title(name, None, (s, (e,), ()))

    def spaced_episode() -> Title:
        s, e = rng.randint(1, 30), rng.randint(1, 24)
        name = f"{pick(SERIES)} S{s:02}E{e:02} {res()} WEB H264-{pick(SCENE_GROUPS)} [eztv]"
        return Title(name, None, (s, (e,), ()))

    def sonarr_file() -> Title:
        s, e = rng.randint(1, 30), rng.randint(1, 24)
        name = (
            f"{pick(SERIES)} ({rng.randint(1990, 2024)}) - S{s:02}E{e:02} - {pick(EPISODE_NAMES)} "
            f"[WEBDL-{res()}][EAC3 5.1][h264]-{pick(SCENE_GROUPS)}.mkv"
        )
        return Title(name, None, (s, (e,), ()))

    def multi_episode() -> Title:
        s, e = rng.randint(1, 30), rng.randint(1, 23)
        episodes = f"S{s:02}E{e:02}E{e + 1:02}"
        name = f"{_dots(pick(SERIES))}.{episodes}.{res()}.WEB.h264-{pick(SCENE_GROUPS)}"
        return Title(name, None, (s, (e, e + 1), ()))

    def season_pack() -> Title:
        s = rng.randint(1, 30)
        name = f"{_dots(pick(SERIES))}.S{s:02}.{res()}.BluRay.x264-{pick(SCENE_GROUPS)}"
        return Title(name, None, (s, (), ()))

    def pack_file() -> Title:
        s, e = rng.randint(1, 30), rng.randint(1, 24)
        series, tags = _dots(pick(SERIES)), f"{res()}.WEB-DL.DDP5.1.H.264-NTb"
        name = f"{series}.S{s:02}.{tags}/{series}.S{s:02}E{e:02}.{tags}.mkv"
        return Title(name, None, (s, (e,), ()))

    def crossing() -> Title:
        s, e = rng.randint(1, 30), rng.randint(1, 24)
        name = f"{pick(SERIES)} - {s}x{e:02} - {pick(EPISODE_NAMES)}.avi"
        return Title(name, None, (s, (e,), ()))

    def fansub() -> Title:
        number = rng.randint(1, 1200)
        name = f"[{pick(FANSUBS)}] {pick(ANIME)} - {number:02} ({res()}) [{crc()}].mkv"
        return Title(name, True, (None, (), (number,)))

    def fansub_season() -> Title:
        s, e = rng.randint(2, 5), rng.randint(1, 24)
        name = f"[{pick(FANSUBS)}] {pick(ANIME)} S{s} - {e:02} ({res()}) [{crc()}].mkv"
        return Title(name, None, (s, (e,), ()))

    def erai() -> Title:
        number = rng.randint(1, 1200)
        name = f"[Erai-raws] {pick(ANIME)} - {number:02} [{res()}][Multiple Subtitle][{crc()}].mkv"
        return Title(name, None, (None, (), (number,)))

    def batch() -> Title:
        first = rng.randint(1, 100)
        last = first + rng.randint(11, 25)
        name = f"[{pick(FANSUBS)}] {pick(ANIME)} ({first:02}-{last:02}) ({res()}) [Batch]"
        return Title(name, None, (None, (), tuple(range(first, last + 1))))

    def batch_file() -> Title:
        s, number = rng.randint(1, 4), rng.randint(1, 24)
        release = f"[{pick(FANSUBS)}] {pick(ANIME)}"
        name = f"{release} (Season {s}) [{res()}] (Batch)/{release} - {number:02}.mkv"
        return Title(name, True, (s, (), (number,)))

    def cjk() -> Title:
        number = rng.randint(1, 50)
        name = (
            f"[{pick(CJK_GROUPS)}] {pick(CJK)} / {pick(ANIME)} - {number:02} "
            f"[WebRip {res()} HEVC-10bit AAC][简繁内封字幕]"
        )
        return Title(name, True, (None, (), (number,)))

    def cjk_brackets() -> Title:
        number = rng.randint(1, 50)
        name = f"[{pick(CJK_GROUPS)}][{pick(CJK)}][{number:02}][{res()}][CHS].mp4"
        return Title(name, True, (None, (), (number,)))

    def absolute_and_sxxeyy() -> Title:
        s, e, number = rng.randint(1, 21), rng.randint(1, 30), rng.randint(1, 1100)
        episode = f"S{s:02}E{e:02} - {number:03} - {pick(EPISODE_NAMES)}"
        name = f"{pick(ANIME)} - {episode} [WEBDL-{res()}].mkv"
        return Title(name, True, (s, (e,), (number,)))

    def crossing_underscored() -> Title:
        s, e = rng.randint(1, 30), rng.randint(1, 9)
        series, episode = pick(SERIES).replace(" ", "_"), pick(EPISODE_NAMES).replace(" ", "_")
        return Title(f"{series}_-_{s}x{e}_-_{episode}.avi", None, (s, (e,), ()))

    def spanish() -> Title:
        s, e = rng.randint(1, 12), rng.randint(1, 24)
        name = f"{pick(SERIES)} - Temporada {s} [HDTV {res()}][Cap.{s}{e:02}][Español Castellano]"
        return Title(name, None, (s, (e,), ()))

    def mini_series() -> Title:
        e = rng.randint(1, 10)
        name = f"{_dots(pick(SERIES))}.Part.{e}.{res()}.HDTV.x264-{pick(SCENE_GROUPS)}"
        return Title(name, None, (1, (e,), ()))

    def anime_hash() -> Title:
        number = rng.randint(1, 24)
        name = f"[{pick(FANSUBS)}] {pick(ANIME)} #{number:02} ({res()}) [{crc()}].mkv"
        return Title(name, None, (None, (), (number,)))

    def ova() -> Title:
        number = rng.randint(1, 6)
        name = f"[{pick(FANSUBS)}] {pick(ANIME)} OVA - {number:02} ({res()}) [{crc()}].mkv"
        return Title(name, None, (0, (number,), ()))

    def long_absolute() -> Title:
        number = rng.randint(1000, 1150)
        name = (
            f"{_dots(pick(ANIME))}.{number}.{_dots(pick(EPISODE_NAMES))}.{res()}.WEB.h264-"
            f"{pick(SCENE_GROUPS)}"
        )
        return Title(name, True, (None, (), (number,)))

    weighted: list[tuple[Callable[[], Title], int]] = [
        (scene_episode, 6), (p2p_episode, 4), (spaced_episode, 2), (sonarr_file, 2),
        (multi_episode, 1), (season_pack, 2), (pack_file, 4), (crossing, 1), (fansub, 6),
        (fansub_season, 2), (erai, 2), (batch, 1), (batch_file, 3), (cjk, 1), (cjk_brackets, 1),
        (absolute_and_sxxeyy, 1), (crossing_underscored, 1), (spanish, 1), (mini_series, 1),
        (anime_hash, 1), (ova, 1), (long_absolute, 1),
    ]  # fmt: skip
    return [shape for shape, weight in weighted for _ in range(weight)]


def make_titles(count: int, seed: int, exclude: set[str]) -> list[Title]:
    """``count`` distinct titles, none of them in ``exclude`` (which grows with them)."""
    rng = random.Random(seed)  # noqa: S311 - reproducible titles, not secrets
    shapes = _shapes(rng)
    titles: list[Title] = []
    while len(titles) < count:
        title = rng.choice(shapes)()
        if title.name not in exclude:
            exclude.add(title.name)
            titles.append(title)
    return titles


def _found(info: ReleaseInfo) -> Expected:
    return info.season, info.episodes, info.absolute_episodes


def _ms_per_title(titles: list[Title], parse: Callable[[Title], object]) -> float:
    start = time.perf_counter_ns()
    for title in titles:
        parse(title)
    return (time.perf_counter_ns() - start) / 1e6 / len(titles)


class CheckFailed(Exception):
    """The parser's answers disagree with what the generated titles hold."""


def run() -> dict[str, object]:
    """Time the parser cold and cached, and guessit on the same titles; check every answer."""
    from guessit import guessit  # noqa: PLC0415 - only the bench pays guessit's import

    seen: set[str] = set()
    warmup = make_titles(WARMUP_TITLES, seed=1, exclude=seen)
    rounds = [make_titles(TITLES_PER_ROUND, seed=10 + i, exclude=seen) for i in range(COLD_ROUNDS)]
    for title in warmup:  # first calls pay for lazily built state, not for parsing
        parse_release(title.name, anime=title.anime)
        guessit(title.name)

    cold = [
        _ms_per_title(titles, lambda t: parse_release(t.name, anime=t.anime)) for titles in rounds
    ]
    cached = [
        _ms_per_title(rounds[0], lambda t: parse_release(t.name, anime=t.anime))
        for _ in range(CACHED_ROUNDS)
    ]
    sample = rounds[1][:GUESSIT_TITLES]  # parsed once already: guessit has no cache of ours to use
    guessit_ms = _ms_per_title(sample, lambda t: guessit(t.name))

    checked = [title for titles in rounds for title in titles]
    wrong = [t.name for t in checked if _found(parse_release(t.name, anime=t.anime)) != t.expected]
    if wrong:
        raise CheckFailed(f"{len(wrong)} of {len(checked)} titles misparsed, e.g. {wrong[:3]}")
    cold_ms = statistics.median(cold)
    return {
        "parse_ms_per_title_cold": round(cold_ms, 4),
        "parse_ms_per_title_cached": round(statistics.median(cached), 5),
        "guessit_ms_per_title": round(guessit_ms, 3),
        "parser_speedup_vs_guessit": round(guessit_ms / cold_ms, 1),
        "parse_titles_checked": len(checked),
    }
