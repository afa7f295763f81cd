"""The Python side of scripts/bench: run every section, print their figures as one JSON object.

A section is a function returning its top-level keys; it raises when its outputs fail their
checks (the figures of a parser or correlator that skips work are worthless). Add a section by
adding it to SECTIONS.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
import json
import sys

from scripts import bench_cycle, bench_deletion, bench_loop, bench_parse, bench_qbittorrent

Section = Callable[[], dict[str, object]]

SECTIONS: dict[str, Section] = {
    "parser": bench_parse.run,
    "cycle": bench_cycle.run,
    "loop": bench_loop.run,
    "qbittorrent": bench_qbittorrent.run,
    "deletion": bench_deletion.run,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/bench", description=__doc__)
    parser.add_argument(
        "--only", action="append", choices=sorted(SECTIONS), help="run only this section"
    )
    args = parser.parse_args(argv)
    result: dict[str, object] = {}
    errors: dict[str, str] = {}
    for name, section in SECTIONS.items():
        if args.only and name not in args.only:
            continue
        try:
            result.update(section())
        except Exception as err:  # report every failed section, then fail
            errors[name] = f"{type(err).__name__}: {err}"
    if errors:
        result["errors"] = errors
    print(json.dumps(result, indent=2, ensure_ascii=False))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
