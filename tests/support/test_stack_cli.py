"""The live stack's command line contract, as ``scripts/demo`` uses it (see its package docstring).

Run as a separate process, like the demo runs it: ready file, control endpoint, a scenario that
moves real bytes, and SIGTERM stopping everything it started.
"""

from __future__ import annotations

from collections.abc import Callable
import json
import os
from pathlib import Path
import signal
import subprocess
import sys
import time
from typing import Any
import urllib.request

REPO = Path(__file__).resolve().parents[2]
READY_KEYS = {
    "sonarr",
    "qbittorrent",
    "jellyfin",
    "jellyseerr",
    "shoko",
    "control",
    "library",
    "downloads",
    "pids",
}


def _wait(condition: Callable[[], bool], what: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while not condition():
        assert process.poll() is None, f"the stack exited with {process.returncode}: {what}"
        assert time.monotonic() < deadline, f"not within 60 s: {what}"
        time.sleep(0.1)


def _json(url: str, method: str = "GET") -> Any:
    request = urllib.request.Request(url, method=method)  # noqa: S310 - a loopback http URL
    with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310
        return json.load(answer)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_ready_file_control_and_sigterm(tmp_path: Path, socket_enabled: None) -> None:
    """Ready file written once everything answers; /start moves the world; SIGTERM ends it."""
    ready = tmp_path / "ready.json"
    log = tmp_path / "stack.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.support.stack",
                "--scenario",
                "quick",
                "--workdir",
                str(tmp_path / "work"),
                "--ready-file",
                str(ready),
            ],
            cwd=REPO,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait(ready.exists, "the ready file", process)
        where = json.loads(ready.read_text())
        assert set(where) == READY_KEYS
        assert not list(tmp_path.glob(".ready.json.*"))  # written to a temporary, renamed
        assert all(where[k]["url"].startswith("http://127.0.0.1:") for k in READY_KEYS - {
            "library", "downloads", "pids"
        })  # fmt: skip
        assert Path(where["library"]).is_absolute()
        assert Path(where["downloads"]).is_absolute()
        pids = list(where["pids"].values())
        assert all(_alive(pid) for pid in pids)
        control = where["control"]["url"]

        state = _json(f"{control}/state")
        assert (state["started"], state["time"], state["scenario"]) == (False, None, "quick")
        assert not any(t["grabbed"] for t in state["torrents"])
        already = len(state["imported"])
        assert already > 0  # the scenario's available episodes are in the library at once

        assert _json(f"{control}/start", "POST")["started"] is True
        _wait(
            lambda: len(_json(f"{control}/state")["imported"]) > already,
            "an episode imported after /start",
            process,
        )
    finally:
        process.send_signal(signal.SIGTERM)
        returncode = process.wait(30)
    assert returncode == 0, log.read_text()[-3000:]
    assert not any(_alive(pid) for pid in pids)
