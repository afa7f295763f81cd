"""Home Assistant restarting mid-download loses nothing: history kept, no event twice.

The restart is the config entry unloaded and set up again in the same Home Assistant: the
coordinator, sources, entities and webhook are all made anew from the persisted Store (the
test harness keeps storage in memory across the two), while the downloads go on.
"""

from __future__ import annotations

from dataclasses import replace

from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import async_capture_events

from custom_components.status_tracker.const import EVENT_EPISODE_STATUS
from tests.e2e.conftest import Track
from tests.support.stack import scenario_named
from tests.support.stack.scenario import KIB

SERIES = 1
EPISODES = range(1, 14)


async def test_restart_mid_download_loses_nothing(hass: HomeAssistant, track: Track) -> None:
    """Statuses and their ``since`` survive; every transition is announced exactly once."""
    pack = scenario_named("pack")
    (show,) = pack.shows
    (release,) = show.releases
    # Slower than the usual pack, so that the restart falls in the middle of the download.
    slow = replace(release, speed=40 * KIB, file_size=32 * KIB)
    tracked = await track(replace(pack, shows=(replace(show, releases=(slow,)),)))
    events = async_capture_events(hass, EVENT_EPISODE_STATUS)
    await tracked.stack.start()
    await tracked.until(
        lambda: sum(tracked.episode_status(SERIES, 1, e) == "downloading" for e in EPISODES) >= 3,
        "the pack downloading",
    )
    before = {e: tracked.episode(SERIES, 1, e) for e in EPISODES}
    request_before = tracked.request(SERIES)
    assert request_before is not None

    entry = tracked.entry
    assert await hass.config_entries.async_unload(entry.entry_id)
    assert entry.state is ConfigEntryState.NOT_LOADED
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED

    await tracked.refresh()
    for episode, old in before.items():
        assert old is not None
        new = tracked.episode(SERIES, 1, episode)
        assert new is not None
        if new.state == old.state:
            # The same status as before the restart: since when is still known.
            assert new.attributes["since"] == old.attributes["since"], episode
    request_after = tracked.request(SERIES)
    assert request_after is not None
    if request_after.state == request_before.state:
        assert request_after.attributes["since"] == request_before.attributes["since"]

    await tracked.until(
        lambda: all(tracked.episode_status(SERIES, 1, e) == "available" for e in EPISODES),
        "every episode available after the restart",
    )
    transitions = [(e.data["episode"], e.data["previous"], e.data["status"]) for e in events]
    assert len(transitions) == len(set(transitions)), "an event was fired twice"
    assert all(previous != status for _, previous, status in transitions)
    available = sorted(episode for episode, _, status in transitions if status == "available")
    assert available == list(EPISODES)
