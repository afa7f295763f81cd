"""What an entry keeps across restarts: the timeline and the Jellyfin series of each request.

The timeline holds statuses, since when, and recent transitions.
A restored timeline lets the first correlation after a restart fire only what really changed
while Home Assistant was stopped; without one, the first correlation is a silent baseline.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Final

from homeassistant.core import HomeAssistant
from homeassistant.helpers.storage import Store

from custom_components.status_tracker.const import DOMAIN
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
    def from_json(cls, stored: dict[str, Any]) -> Memory:
        """Read what ``to_json`` wrote (the timeline reader drops damaged entries itself)."""
        remembered = stored.get("jellyfin_ids")
        ids: dict[int, str] = {}
        if isinstance(remembered, dict):
            ids = {int(k): v for k, v in remembered.items() if k.isdigit() and isinstance(v, str)}
        return cls(timeline=Timeline.from_json(stored.get("timeline")), jellyfin_ids=ids)


class TrackerStore:
    """The entry's Store: loaded once at start, saved shortly after changes and on unload."""

    def __init__(self, hass: HomeAssistant, entry_id: str) -> None:
        """The store file ``.storage/status_tracker.<entry_id>``."""
        self._store: Store[dict[str, Any]] = Store(hass, STORE_VERSION, f"{DOMAIN}.{entry_id}")

    async def async_load(self) -> Memory | None:
        """What was saved, or None on a first start."""
        stored = await self._store.async_load()
        return Memory.from_json(stored) if stored is not None else None

    def async_delay_save(self, memory: Callable[[], Memory]) -> None:
        """Save soon; several changes in a row are written once."""
        self._store.async_delay_save(lambda: memory().to_json(), SAVE_DELAY)

    async def async_save(self, memory: Memory) -> None:
        """Save now (unload); a pending delayed save is superseded."""
        await self._store.async_save(memory.to_json())

    async def async_remove(self) -> None:
        """Forget everything saved (the entry is removed)."""
        await self._store.async_remove()
