"""``python -m tests.support.demo``: what ``scripts/demo`` runs inside the toolchain.

Starts the demo (``runner.Demo``), prints where and who, and runs until SIGINT or SIGTERM, then
stops everything it started, by PID.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
from pathlib import Path
import signal
import sys

from . import screenshots
from .hass import DemoError
from .runner import Demo


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="scripts/demo", description=__doc__)
    parser.add_argument("--hass-venv", type=Path, required=True, help="the Home Assistant venv")
    parser.add_argument("--workdir", type=Path, required=True, help="config, stack, logs")
    parser.add_argument("--port", type=int, default=int(os.environ.get("ST_DEMO_PORT", "8123")))
    parser.add_argument("--scenario", default="demo", help="the stack's scenario")
    parser.add_argument(
        "--stack-module",
        default="tests.support.stack",
        help="the stack's CLI module (its contract)",
    )
    parser.add_argument(
        "--timings", type=Path, help="write how long each part took (JSON) and keep running"
    )
    parser.add_argument(
        "--exit-when-ready", action="store_true", help="stop everything once ready (timing runs)"
    )
    parser.add_argument(
        "--screenshots", type=Path, help="take the README's pictures into this folder, then stop"
    )
    return parser.parse_args()


async def _main() -> int:
    args = _arguments()
    demo = Demo(
        args.hass_venv,
        args.workdir,
        port=args.port,
        scenario=args.scenario,
        stack_module=args.stack_module,
    )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    starting = asyncio.create_task(demo.start())
    stopping = asyncio.create_task(stop.wait())
    try:
        await asyncio.wait({starting, stopping}, return_when=asyncio.FIRST_COMPLETED)
        if not starting.done():
            starting.cancel()
            print("\nstopping", file=sys.stderr)
            return 130
        starting.result()
        print(demo.banner(), flush=True)
        if args.timings:
            args.timings.write_text(json.dumps(demo.timings, indent=2) + "\n")
        if args.screenshots:
            for path in await screenshots.run(demo, args.screenshots):
                print(f"  {path}", flush=True)
        elif not args.exit_when_ready:
            await stopping
            print("\nstopping", file=sys.stderr)
        return 0
    except DemoError as error:
        print(f"scripts/demo: {error}", file=sys.stderr)
        return 1
    finally:
        stopping.cancel()
        await demo.stop()


if __name__ == "__main__":
    sys.exit(asyncio.run(_main()))
