"""The tests' clock: frozen at FROZEN_NOW (ticking), story dates moved with it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util

from tests.support.clock import FROZEN_NOW, STORY_NOW, in_story_time, story, story_iso


async def test_home_assistant_runs_at_the_frozen_now(hass: HomeAssistant) -> None:
    """Whatever the real date, Home Assistant's clock starts at FROZEN_NOW and ticks."""
    now = dt_util.utcnow()
    assert FROZEN_NOW <= now < FROZEN_NOW + timedelta(minutes=5)


def test_story_dates_keep_their_distance_and_format() -> None:
    """A story date is as far from FROZEN_NOW as it was from STORY_NOW, written the same way."""
    moved = story_iso("2026-11-20T19:04:51.0000000Z")
    assert moved.endswith(".0000000Z")
    back = datetime.fromisoformat(moved.replace(".0000000Z", "+00:00"))
    assert FROZEN_NOW - back == STORY_NOW - datetime(2026, 11, 20, 19, 4, 51, tzinfo=UTC)
    assert story(STORY_NOW) == FROZEN_NOW
    assert in_story_time(moved) == "2026-11-20T19:04:51.0000000Z"
    assert in_story_time("not a date") == "not a date"
