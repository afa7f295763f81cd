"""A real Home Assistant restarted mid-download loses nothing: history kept, no event twice.

Its own demo (not the session's, which the card tests share): the real ``hass`` process is
stopped with SIGTERM, as on a restart, and started again on the same configuration directory
while the stack's torrents go on downloading.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import datetime
import os
from pathlib import Path
import re
import shutil
import tempfile
import time
from typing import Any

import pytest

from tests.support.demo.hass import Hass
from tests.support.demo.runner import Demo

from .conftest import FIGURES

EPISODE_MESSAGE = re.compile(r"^S\d{2}E\d{2}\b")
EPISODE_ENTITY = re.compile(r"_s\d{2}e\d{2}(_|$)")
SETTLED = 120.0


async def _tracked(hass: Hass) -> dict[str, tuple[str, str]]:
    """(state, since) of every entity of the integration that has a ``since``."""
    registry = await hass.ws("config/entity_registry/list")
    ours = {entry["entity_id"] for entry in registry if entry["platform"] == "status_tracker"}
    states = await hass.rest("get", "/api/states")
    return {
        state["entity_id"]: (state["state"], state["attributes"]["since"])
        for state in states
        if state["entity_id"] in ours and state["attributes"].get("since")
    }


async def _until(what: str, check: Any, within: float = SETTLED) -> Any:
    deadline = time.monotonic() + within
    while True:
        result = await check()
        if result:
            return result
        assert time.monotonic() < deadline, f"not within {within:.0f} s: {what}"
        await asyncio.sleep(1.0)


@pytest.mark.timeout(SETTLED * 3)
async def test_a_real_restart_mid_download_keeps_history_and_fires_nothing_twice(
    socket_enabled: None,
) -> None:
    # ST_TEST_KEEP=DIR: where the run's directory lies, and stays when the test fails.
    workdir = Path(tempfile.mkdtemp(prefix="st-restart-", dir=os.environ.get("ST_TEST_KEEP")))
    port = int(os.environ.get("ST_TEST_HASS_PORT", "18123")) + 1
    demo = Demo(Path(os.environ["ST_TEST_HASS_VENV"]), workdir, port=port)
    try:
        await demo.start()
        hass = demo.hass

        async def downloading() -> dict[str, tuple[str, str]] | None:
            tracked = await _tracked(hass)
            moving = [e for e, (state, _) in tracked.items() if state == "downloading"]
            return tracked if len(moving) >= 3 else None

        before = await _until("three episodes downloading", downloading)
        stopped = datetime.now().astimezone()
        await demo.restart_hass()

        async def back() -> dict[str, tuple[str, str]] | None:
            tracked = await _tracked(hass)
            return tracked if tracked.keys() >= before.keys() else None

        after = await _until("every entity back after the restart", back)
        # Episodes only move forward, so one in the same state has not changed meanwhile and
        # keeps its "since" to the second; what changed dates from after the stop. (A request's
        # status may leave and come back while Home Assistant is down: between two releases.)
        episodes = [e for e in before if EPISODE_ENTITY.search(e)]
        kept = [e for e in episodes if after[e][0] == before[e][0]]
        moved = [e for e in episodes if after[e][0] != before[e][0]]
        assert len(kept) >= 5, (before, after)
        assert {e: after[e][1] for e in kept} == {e: before[e][1] for e in kept}
        for entity in moved:
            assert datetime.fromisoformat(after[entity][1]) >= stopped.replace(microsecond=0), (
                entity,
                before[entity],
                after[entity],
            )

        # Downloads go on after the restart, and each transition is told once.
        async def announced_after() -> list[dict[str, Any]] | None:
            entries = await hass.rest("get", f"/api/logbook/{stopped.isoformat()}")
            told = [e for e in entries if EPISODE_MESSAGE.match(str(e.get("message", "")))]
            return told or None

        await _until("an episode's transition announced after the restart", announced_after)
        start = datetime.fromtimestamp(time.time() - 3600).astimezone().isoformat()
        entries = await hass.rest("get", f"/api/logbook/{start}")
        episodes = [
            (entry.get("name"), entry["message"])
            for entry in entries
            if EPISODE_MESSAGE.match(str(entry.get("message", "")))
        ]
        twice = {told: n for told, n in Counter(episodes).items() if n > 1}
        assert episodes, entries
        assert twice == {}, twice
        FIGURES["real_restart"] = {
            "restart_s": demo.timings["restart"],
            "entities_kept_since": len(kept),
            "entities_moved_meanwhile": len(moved),
            "episode_transitions_told": len(episodes),
        }
    except BaseException:
        print(f"kept for inspection: {workdir}")
        await demo.stop()
        raise
    await demo.stop()
    shutil.rmtree(workdir, ignore_errors=True)
