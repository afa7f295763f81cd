"""The e2e harness: Home Assistant with the integration set up through its real config flow
against a running live stack (``tests.support.stack``), and ways to wait for the world.

Home Assistant's test HTTP server listens on a real loopback port and ``internal_url`` points
at it, so the webhook the config flow registers in the simulated Sonarr is really called (its
``Test`` first, then ``Grab`` and ``Download``). Waiting is by condition with a deadline:
``Tracked.until`` polls every service (``status_tracker.refresh``) after each step of the
stack until the condition holds, however fast or slow the machine is.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
import json
from typing import Any

from homeassistant.config_entries import SOURCE_USER, ConfigEntry, ConfigEntryState
from homeassistant.core import HomeAssistant, State
from homeassistant.core_config import async_process_ha_core_config
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import entity_registry as er
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockUser
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.status_tracker.const import DOMAIN
from custom_components.status_tracker.shell.ids import (
    episode_unique_id,
    request_unique_id,
    summary_unique_id,
)
from tests.support.actions import call_action
from tests.support.stack import LiveStack, Scenario
from tests.support.stack.fixtures import StartStack

DEFAULT_TIMEOUT = 60.0
"""Generous: a loaded CI machine is slow; a healthy run waits a few seconds."""


@dataclass
class Tracked:
    """A live stack and the config entry following it."""

    hass: HomeAssistant
    stack: LiveStack
    entry: ConfigEntry
    admin: MockUser

    # -- what Home Assistant shows ----------------------------------------------------------

    def episode_id(self, series_id: int, season: int, episode: int) -> int:
        """Sonarr's id of an episode."""
        assert self.stack.sonarr is not None
        return next(
            e["id"]
            for e in self.stack.sonarr.episodes.values()
            if (e["seriesId"], e["seasonNumber"], e["episodeNumber"])
            == (series_id, season, episode)
        )

    def _state(self, unique_id: str) -> State | None:
        entity_id = er.async_get(self.hass).async_get_entity_id("sensor", DOMAIN, unique_id)
        return self.hass.states.get(entity_id) if entity_id else None

    def episode(self, series_id: int, season: int, episode: int) -> State | None:
        """An episode's status sensor (None before it exists)."""
        episode_id = self.episode_id(series_id, season, episode)
        return self._state(episode_unique_id(self.entry.entry_id, series_id, episode_id))

    def episode_status(self, series_id: int, season: int, episode: int) -> str | None:
        """An episode's status (None before its sensor exists)."""
        state = self.episode(series_id, season, episode)
        return state.state if state else None

    def request(self, series_id: int, key: str = "status") -> State | None:
        """One of a request's sensors: ``status``, ``progress``…"""
        return self._state(request_unique_id(self.entry.entry_id, series_id, key))

    def summary(self, key: str) -> State | None:
        """One of the entry's own sensors."""
        return self._state(summary_unique_id(self.entry.entry_id, key))

    # -- waiting ------------------------------------------------------------------------------

    async def refresh(self) -> None:
        """Poll every service now (``status_tracker.refresh``)."""
        await self.hass.services.async_call(
            DOMAIN, "refresh", {"config_entry_id": self.entry.entry_id}, blocking=True
        )

    async def until(
        self,
        condition: Callable[[], bool],
        what: str,
        *,
        within: float = DEFAULT_TIMEOUT,
        refresh: bool = True,
    ) -> None:
        """Until ``condition()`` holds, refreshing after each step of the stack."""
        try:
            async with asyncio.timeout(within):
                while True:
                    if refresh:
                        await self.refresh()
                    if condition():
                        return
                    await self.stack.wait_step()
        except TimeoutError:
            pytest.fail(f"not within {within:.0f} s: {what}\n{self.describe()}", pytrace=False)

    def describe(self) -> str:
        """What the entities and the stack say, for a failure message."""
        entities = er.async_entries_for_config_entry(er.async_get(self.hass), self.entry.entry_id)
        shown = []
        for entity in sorted(entities, key=lambda e: e.entity_id):
            state = self.hass.states.get(entity.entity_id)
            if state is not None:
                attributes = {k: state.attributes.get(k) for k in ("progress", "stalled", "since")}
                shown.append(f"{entity.entity_id}: {state.state} {attributes}")
        stack = self.stack.state()
        for torrent in stack["torrents"]:
            torrent["files"] = len(torrent["files"])
        return "\n".join([*shown, json.dumps(stack, indent=1, default=str)[:4000]])

    async def call(self, service: str, data: dict[str, Any]) -> Any:
        """An action of the integration, as the admin, with its response."""
        return await call_action(self.hass, self.admin, service, data)


async def set_up_through_config_flow(hass: HomeAssistant, stack: LiveStack) -> ConfigEntry:
    """Sonarr → qBittorrent → Jellyfin → Jellyseerr → Shoko → finish, as a person would."""
    where = stack.endpoints()

    def keyed(service: str) -> dict[str, Any]:
        return {"url": where[service]["url"], "api_key": where[service]["api_key"]}

    flow = hass.config_entries.flow
    result: Any = await flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    for data in (
        keyed("sonarr"),
        {**where["qbittorrent"], "verify_ssl": True},
        keyed("jellyfin"),
        {"next_step_id": "jellyseerr"},
        keyed("jellyseerr"),
        {"next_step_id": "shoko"},
        keyed("shoko"),
        {"next_step_id": "finish"},
    ):
        assert not result.get("errors"), result
        result = await flow.async_configure(result["flow_id"], data)
    assert result["type"] is FlowResultType.CREATE_ENTRY, result
    entry: ConfigEntry = result["result"]
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    return entry


type Track = Callable[[str | Scenario], Awaitable[Tracked]]


@pytest.fixture
async def track(
    hass: HomeAssistant,
    hass_client_no_auth: ClientSessionGenerator,
    hass_admin_user: MockUser,
    live_stack: StartStack,
) -> AsyncIterator[Track]:
    """Factory: a live stack for a scenario, the integration set up on it (clock not started)."""
    # Before the HTTP server starts: the integration registers the card's static path at setup.
    assert await async_setup_component(hass, "webhook", {})
    assert await async_setup_component(hass, DOMAIN, {})
    client = await hass_client_no_auth()
    await async_process_ha_core_config(
        hass, {"internal_url": str(client.make_url("/")).rstrip("/")}
    )
    entries: list[ConfigEntry] = []

    async def make(scenario: str | Scenario) -> Tracked:
        stack = await live_stack(scenario)
        entry = await set_up_through_config_flow(hass, stack)
        entries.append(entry)
        return Tracked(hass=hass, stack=stack, entry=entry, admin=hass_admin_user)

    yield make
    for entry in entries:
        if entry.state is ConfigEntryState.LOADED:
            assert await hass.config_entries.async_unload(entry.entry_id)
