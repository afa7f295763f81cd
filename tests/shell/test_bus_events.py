"""Transitions as bus events: each carries what an automation needs, nothing is invented."""

from __future__ import annotations

from dataclasses import replace

from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import async_capture_events

from custom_components.status_tracker.const import EVENT_EPISODE_STATUS, EVENT_REQUEST_STATUS
from custom_components.status_tracker.shell.bus_events import EventPublisher
from custom_components.status_tracker.tracking import TimelineEvent, correlate
from tests.support.world import NOW
from tests.support.worlds import pack_world


async def test_a_transition_of_something_no_longer_there_is_not_invented(
    hass: HomeAssistant,
) -> None:
    """An event of a request left out, or of an episode it no longer lists: no made-up data."""
    state = correlate(pack_world().snapshot())
    extra = (
        TimelineEvent(series_id=999, episode_id=None, status="available", previous=None, at=NOW),
        TimelineEvent(series_id=1, episode_id=424242, status="found", previous=None, at=NOW),
    )
    state = replace(state, events=extra)
    episodes = async_capture_events(hass, EVENT_EPISODE_STATUS)
    requests = async_capture_events(hass, EVENT_REQUEST_STATUS)
    publisher = EventPublisher(hass, "entry")
    publisher.publish(state)
    await hass.async_block_till_done()
    assert requests == []  # series 999 is no request: nothing to say about it
    (event,) = episodes
    assert event.data["episode_id"] == 424242
    assert "season" not in event.data  # the episode is unknown: no numbers guessed
    assert publisher.fired == 1
