"""The Python side of scripts/parse-release: parse titles, print one JSON object per line."""

from __future__ import annotations

import argparse
from collections.abc import Iterable, Sequence
import json
import sys
from typing import TextIO

from custom_components.status_tracker.tracking.release import ReleaseInfo, parse_release

KEYS = (
    "title",
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
)


def as_json(info: ReleaseInfo) -> dict[str, object]:
    """The documented keys; tuples become lists so the JSON has arrays."""
    result: dict[str, object] = {}
    for key in KEYS:
        value = getattr(info, key)
        result[key] = list(value) if isinstance(value, tuple) else value
    return result


def _titles(arguments: Sequence[str], stdin: TextIO) -> Iterable[str]:
    if arguments:
        yield from arguments
        return
    for line in stdin:
        title = line.rstrip("\r\n")
        if title.strip():
            yield title


def main(
    argv: Sequence[str] | None = None, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout
) -> int:
    parser = argparse.ArgumentParser(
        prog="scripts/parse-release",
        description="Parse release titles or file names (arguments, or one per line on stdin).",
    )
    hint = parser.add_mutually_exclusive_group()
    hint.add_argument(
        "--anime", dest="anime", action="store_const", const=True, help="the series is anime"
    )
    hint.add_argument(
        "--not-anime",
        dest="anime",
        action="store_const",
        const=False,
        help="the series is standard",
    )
    parser.add_argument("titles", nargs="*", metavar="TITLE")
    args = parser.parse_args(argv)
    for title in _titles(args.titles, stdin):
        info = parse_release(title, anime=args.anime)
        stdout.write(json.dumps(as_json(info), ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
