"""A season pack over real qBittorrent: per-episode progress as its files finish out of order.

qBittorrent reads a file's progress live but refreshes a torrent's own figures (what
``sync/maindata`` reports, and what tells the integration to read the files again) only every
``refresh_interval``: an episode may show its file as it was up to that long ago, never older,
never ahead.
"""

from __future__ import annotations

import asyncio

from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import async_capture_events

from custom_components.status_tracker.const import EVENT_EPISODE_STATUS
from tests.e2e.conftest import Track

SERIES = 1
EPISODES = range(1, 14)
LAG = 2.0
"""Seconds an episode's progress may lag its file: qBittorrent's refresh interval (1.5 s) and
the integration's read of maindata."""


async def test_pack_progress_follows_each_file(hass: HomeAssistant, track: Track) -> None:
    """Every episode's progress is its file's, read between two looks at qBittorrent."""
    tracked = await track("pack")
    stack = tracked.stack
    assert stack.user_qbt is not None
    events = async_capture_events(hass, EVENT_EPISODE_STATUS)
    await tracked.until(
        lambda: (
            all(tracked.episode_status(SERIES, 1, e) == "pending" for e in EPISODES)
            or all(tracked.episode_status(SERIES, 1, e) == "searching" for e in EPISODES)
        ),
        "13 episodes tracked before anything is grabbed",
    )
    await stack.start()
    (pack,) = stack.releases
    out_of_order = False
    seen_downloading: set[int] = set()
    loop = asyncio.get_running_loop()
    looks: list[tuple[float, dict[str, float]]] = []

    async def look() -> dict[str, float]:
        files = {f["name"]: f["progress"] for f in await stack.user_qbt.torrent_files(pack.hash)}
        looks.append((loop.time(), files))
        return files

    zero = dict.fromkeys(pack.episode_files.values(), 0.0)
    while True:
        started = loop.time()
        await look()
        await tracked.refresh()
        after = await look()
        before = next((f for t, f in reversed(looks) if t <= started - LAG), zero)
        shown: dict[int, float] = {}
        for episode in EPISODES:
            state = tracked.episode(SERIES, 1, episode)
            assert state is not None
            if state.state != "downloading":
                continue
            seen_downloading.add(episode)
            name = pack.episode_files[episode]
            shown[episode] = float(state.attributes["progress"])
            assert before[name] * 100 - 0.1 <= shown[episode] <= after[name] * 100 + 0.1, (
                episode,
                before[name],
                shown[episode],
                after[name],
            )
        # A finished file of a pack is "importing" (its data is there, waiting for Sonarr).
        finished = [e for e in EPISODES if tracked.episode_status(SERIES, 1, e) == "importing"]
        out_of_order |= any(
            tracked.episode_status(SERIES, 1, earlier) in {"found", "downloading"}
            for later in finished
            for earlier in range(1, later)
        )
        if min(after.values()) >= 1.0:
            break
        await stack.wait_step()
    assert seen_downloading, "no episode was ever seen downloading"
    assert out_of_order, "qBittorrent finished the files in order: nothing proven"
    await tracked.until(
        lambda: all(tracked.episode_status(SERIES, 1, e) == "available" for e in EPISODES),
        "every episode available",
    )
    request = tracked.request(SERIES)
    assert request is not None
    assert request.state == "available"
    available = [e for e in events if e.data["status"] == "available"]
    assert sorted(e.data["episode"] for e in available) == list(EPISODES)
