"""What an entry keeps across restarts: the timeline and the Jellyfin series of each request.

The timeline holds statuses, since when, and recent transitions.
A restored timeline lets the first correlation after a restart fire only what really changed
while Home Assistant was stopped; without one, the first correlation is a silent baseline.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
import os
from typing import Any, Final

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import UnsupportedStorageVersionError
from homeassistant.helpers.storage import Store
from homeassistant.util import dt as dt_util

from custom_components.status_tracker.const import DOMAIN, LOGGER
from custom_components.status_tracker.tracking import Timeline

STORE_VERSION: Final = 1
SAVE_DELAY: Final = 10  # seconds: a burst of transitions is written once


@dataclass(slots=True)
class Memory:
    """The persisted part of an entry's tracking."""

    timeline: Timeline | None = None
    jellyfin_ids: dict[int, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The Store's document."""
        timeline = self.timeline if self.timeline is not None else Timeline(requests={})
        return {
            "timeline": timeline.to_json(),
            "jellyfin_ids": {str(k): v for k, v in self.jellyfin_ids.items()},
        }

    @classmethod
    def from_json(cls, stored: dict[str, Any]) -> tuple[Memory, int]:
        """Read what ``to_json`` wrote, and how many damaged entries it dropped."""
        remembered = stored.get("jellyfin_ids")
        ids: dict[int, str] = {}
        dropped = 0
        if isinstance(remembered, dict):
            for key, value in remembered.items():
                if isinstance(key, str) and key.isdecimal() and isinstance(value, str):
                    ids[int(key)] = value
                else:
                    dropped += 1
        timeline, damaged = Timeline.read(stored.get("timeline"))
        return cls(timeline=timeline, jellyfin_ids=ids), dropped + damaged


@dataclass(frozen=True, slots=True)
class Restored:
    """What a start found: the memory, and whether it is whole (else: a silent baseline)."""

    memory: Memory
    whole: bool


class TrackerStore:
    """The entry's Store: loaded once at start, saved shortly after changes and on unload."""

    def __init__(self, hass: HomeAssistant, entry_id: str) -> None:
        """The store file ``.storage/status_tracker.<entry_id>``."""
        self._hass = hass
        self._store: Store[dict[str, Any]] = Store(hass, STORE_VERSION, f"{DOMAIN}.{entry_id}")
        self._save_pending = False
        self._latest: Callable[[], Memory] = Memory

    async def async_load(self) -> Restored | None:
        """What was saved, or None on a first start or when the file is not what we wrote.

        A file of another type or version is set aside (``<file>.unreadable.<time>``) and the
        entry starts fresh: it must never stop the entry from loading. Reading a large memory
        is CPU work: it runs in the executor.
        """
        try:
            stored: object = await self._store.async_load()
        except (
            UnsupportedStorageVersionError,  # written by a newer version of the integration
            NotImplementedError,  # an older version Store has no migration for
            TypeError,
            KeyError,
            ValueError,
            AttributeError,
        ) as err:
            await self._async_set_aside(f"{type(err).__name__}: {err}")
            return None
        if stored is None:
            return None
        if not isinstance(stored, dict):
            await self._async_set_aside(f"a {type(stored).__name__}, not an object")
            return None
        memory, dropped = await self._hass.async_add_executor_job(Memory.from_json, stored)
        if dropped:
            LOGGER.warning(
                "%s entries of the stored timeline were unreadable and dropped; the first "
                "update after this start sets a new baseline instead of reporting changes",
                dropped,
            )
        return Restored(memory=memory, whole=not dropped)

    async def _async_set_aside(self, why: str) -> None:
        path = self._store.path
        aside = f"{path}.unreadable.{dt_util.utcnow().strftime('%Y%m%dT%H%M%S')}"
        try:
            await self._hass.async_add_executor_job(os.replace, path, aside)
        except OSError:
            aside = "(could not be moved)"
        LOGGER.warning(
            "The stored memory of Status Tracker is not what this version writes (%s); it was "
            "kept aside as %s and tracking starts afresh",
            why,
            aside,
        )

    def async_delay_save(self, memory: Callable[[], Memory]) -> None:
        """Save within ``SAVE_DELAY`` of the first change since the last write.

        Changes in a row are written once, with the memory as it is at write time. Home
        Assistant's delayed save starts its wait again at every call: a download publishing
        every few seconds would postpone the write until Home Assistant stops, and a crash
        would lose every transition since it began. So a save already pending is left alone.
        """
        self._latest = memory
        if self._save_pending:
            return
        self._save_pending = True
        self._store.async_delay_save(self._pending_data, SAVE_DELAY)

    def _pending_data(self) -> dict[str, Any]:
        self._save_pending = False
        return self._latest().to_json()

    async def async_save(self, memory: Memory) -> None:
        """Save now (unload); a pending delayed save is superseded."""
        self._save_pending = False
        await self._store.async_save(memory.to_json())

    async def async_remove(self) -> None:
        """Forget everything saved (the entry is removed)."""
        await self._store.async_remove()
