"""The fan-out: every listener hears every update, a batch per loop step, never stale."""

from __future__ import annotations

from homeassistant.core import HomeAssistant
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator

from custom_components.status_tracker.const import LOGGER
from custom_components.status_tracker.shell.fanout import BATCH, fanout_for


async def test_updates_reach_every_listener_in_batches_with_the_newest_data(
    hass: HomeAssistant,
) -> None:
    """An update during a round makes another round; the last one reads the newest data."""
    coordinator: DataUpdateCoordinator[int] = DataUpdateCoordinator(
        hass, LOGGER, config_entry=None, name="test", update_interval=None
    )
    fanout = fanout_for(hass, coordinator)
    assert fanout_for(hass, coordinator) is fanout
    seen: list[list[int]] = [[] for _ in range(3 * BATCH)]
    removers = [fanout.add(lambda i=i: seen[i].append(coordinator.data)) for i in range(len(seen))]
    coordinator.async_set_updated_data(1)
    await hass.async_block_till_done()  # nothing ran inside the coordinator's own step
    assert all(values == [1] for values in seen)
    coordinator.async_set_updated_data(2)
    coordinator.async_set_updated_data(3)  # while the round for 2 has not run yet
    await hass.async_block_till_done()
    assert all(values[-1] == 3 for values in seen)
    for remove in removers:
        remove()
    coordinator.async_set_updated_data(4)
    await hass.async_block_till_done()
    assert all(4 not in values for values in seen)
    assert not coordinator._listeners  # the fan-out let go of the coordinator too
