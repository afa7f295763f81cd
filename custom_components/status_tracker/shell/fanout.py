"""New data reaches thousands of entities a batch per event-loop step, not all in one step.

Home Assistant's coordinator calls every listener in one go. With a large library that is tens
of thousands of entities recomputing their state in a single step of the event loop (hundreds
of milliseconds during which Home Assistant does nothing else). The entities of this
integration listen here instead: the coordinator's update starts one task that calls them
``BATCH`` at a time, yielding to the loop in between. An update arriving while a round runs
makes the round start over with the newest data once it is done; every entity reads the
coordinator's data when its turn comes, so none shows older data than the one before it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, Final
from weakref import WeakKeyDictionary

from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator

BATCH: Final = 25

_FANOUTS: WeakKeyDictionary[DataUpdateCoordinator[Any], UpdateFanout] = WeakKeyDictionary()


class UpdateFanout:
    """The listeners of one coordinator, called a batch per loop step."""

    def __init__(self, hass: HomeAssistant, coordinator: DataUpdateCoordinator[Any]) -> None:
        """Listen to ``coordinator`` while anyone listens here."""
        self._hass = hass
        self._coordinator = coordinator
        self._listeners: dict[int, Callable[[], None]] = {}
        self._next_id = 0
        self._unsubscribe: CALLBACK_TYPE | None = None
        self._running = False
        self._again = False

    def add(self, update: Callable[[], None]) -> CALLBACK_TYPE:
        """Call ``update`` after each of the coordinator's updates; returns the remover."""
        key = self._next_id
        self._next_id += 1
        self._listeners[key] = update
        if self._unsubscribe is None:
            self._unsubscribe = self._coordinator.async_add_listener(self._updated)

        @callback
        def remove() -> None:
            self._listeners.pop(key, None)
            if not self._listeners and self._unsubscribe is not None:
                self._unsubscribe()
                self._unsubscribe = None

        return remove

    @callback
    def _updated(self) -> None:
        if self._running:
            self._again = True
            return
        self._running = True
        # Not eager: the first batch must not run inside the coordinator's own step.
        self._hass.async_create_task(
            self._run(), "status_tracker entity updates", eager_start=False
        )

    async def _run(self) -> None:
        try:
            while True:
                self._again = False
                for done, update in enumerate(list(self._listeners.values()), start=1):
                    update()
                    if done % BATCH == 0:
                        await asyncio.sleep(0)
                if not self._again:
                    return
        finally:
            self._running = False


def fanout_for(hass: HomeAssistant, coordinator: DataUpdateCoordinator[Any]) -> UpdateFanout:
    """The fan-out of ``coordinator`` (one per coordinator)."""
    fanout = _FANOUTS.get(coordinator)
    if fanout is None:
        fanout = _FANOUTS[coordinator] = UpdateFanout(hass, coordinator)
    return fanout
