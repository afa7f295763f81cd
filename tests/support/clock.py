"""The tests' one clock: every test that depends on "now" runs at ``FROZEN_NOW``.

The sample stack (``tests/fakes/scenarios.py``) is written in story time, with ``STORY_NOW`` as
its present; ``story()`` moves a story date to the same distance from ``FROZEN_NOW``. Setting
``ST_TEST_CLOCK_DAYS_AHEAD`` moves ``FROZEN_NOW`` (and with it every story date) that many days
ahead: CI runs the suite once more 400 days ahead, which proves that no test depends on the day
it runs on.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
import os
import re
from typing import Final

STORY_NOW: Final = datetime(2026, 11, 21, 9, 30, tzinfo=UTC)
DAYS_AHEAD: Final = int(os.environ.get("ST_TEST_CLOCK_DAYS_AHEAD", "0") or 0)
FROZEN_NOW: Final = STORY_NOW + timedelta(days=DAYS_AHEAD)
SHIFT: Final = FROZEN_NOW - STORY_NOW

_ISO = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(.*)$")


def story(moment: datetime) -> datetime:
    """A story date (written against ``STORY_NOW``) at the same distance from ``FROZEN_NOW``."""
    return moment + SHIFT


def story_iso(text: str) -> str:
    """``story`` for an ISO 8601 string, keeping its exact format (fraction digits, ``Z``)."""
    return _moved(text, SHIFT)


def _moved(text: str, delta: timedelta) -> str:
    match = _ISO.match(text)
    if match is None:
        raise ValueError(f"not an ISO 8601 date-time: {text!r}")
    day, clock, rest = match.groups()
    moved = datetime.fromisoformat(f"{day}T{clock}") + delta
    return f"{moved:%Y-%m-%d}{text[10]}{moved:%H:%M:%S}{rest}"


def in_story_time(text: str) -> str:
    """The inverse of ``story_iso`` for any text that is an ISO date-time; other text unchanged.

    Snapshots are kept in story time, so they read the same whatever ``FROZEN_NOW`` is.
    """
    return _moved(text, -SHIFT) if _ISO.match(text) else text
