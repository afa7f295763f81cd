"""``python -m tests.support.stack --scenario NAME --workdir DIR --ready-file FILE``.

See the package docstring for the contract. Exit 0 after SIGINT or SIGTERM, once everything
it started is stopped; 1 when the stack could not start (the reason on stderr).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
from pathlib import Path
import signal
import sys
from typing import Any

from .builtin import BUILTIN, scenario_named
from .control import ControlServer
from .stack import LiveStack


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m tests.support.stack", description="Run the simulated media stack."
    )
    parser.add_argument("--scenario", default="demo", choices=sorted(BUILTIN))
    parser.add_argument("--workdir", type=Path, required=True)
    parser.add_argument("--ready-file", type=Path, required=True)
    parser.add_argument("--control-port", type=int, default=0)
    parser.add_argument(
        "--start", action="store_true", help="start the scenario's clock at once (no /start)"
    )
    return parser.parse_args(argv)


def write_ready_file(path: Path, content: dict[str, Any]) -> None:
    """Write the JSON atomically: a reader sees no file or the whole file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(json.dumps(content, indent=2) + "\n", encoding="utf-8")
    temporary.replace(path)


async def run(args: argparse.Namespace) -> int:
    """Start everything, write the ready file, wait for a signal, stop everything."""
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stopping.set)
    # The specs are checked in the tests; the demo starts faster without parsing them.
    stack = LiveStack(scenario_named(args.scenario), args.workdir, validate_spec=False)
    control = ControlServer(stack)
    try:
        await stack.start_services()
        await control.start(args.control_port)
        if args.start:
            await stack.start()
        write_ready_file(args.ready_file, {**stack.endpoints(), "control": {"url": control.url}})
        logging.getLogger(__name__).info("stack ready: %s", args.ready_file)
        await stopping.wait()
    finally:
        await control.stop()
        await stack.stop()
        logging.getLogger(__name__).info("stack stopped")
    return 0


def main(argv: list[str] | None = None) -> int:
    """The command line entry point."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    args = _arguments(argv)
    try:
        return asyncio.run(run(args))
    except Exception as err:  # a stack that cannot start says why, once
        print(f"live stack failed: {err!r}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
