"""The entry's Store: a file this version cannot read is kept aside, never in the way."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import async_fire_time_changed

from custom_components.status_tracker.const import DOMAIN
from custom_components.status_tracker.shell.storage import Memory, TrackerStore
from custom_components.status_tracker.tracking import Timeline


async def test_an_unreadable_file_is_moved_aside(
    hass: HomeAssistant, hass_storage: dict[str, Any]
) -> None:
    """The unreadable file is renamed next to where it was, for someone to look at."""
    store = TrackerStore(hass, "entry1")
    path = Path(hass.config.path(".storage", f"{DOMAIN}.entry1"))
    await hass.async_add_executor_job(_write, path, "[1, 2, 3]")
    hass_storage[f"{DOMAIN}.entry1"] = [1, 2, 3]
    assert await store.async_load() is None
    assert await hass.async_add_executor_job(_files_beside, path) == {".unreadable": "[1, 2, 3]"}


async def test_a_whole_memory_round_trips(
    hass: HomeAssistant, hass_storage: dict[str, Any]
) -> None:
    """What is saved is what the next start reads, whole."""
    store = TrackerStore(hass, "entry2")
    await store.async_save(Memory(timeline=Timeline(requests={}), jellyfin_ids={3: "abc"}))
    restored = await store.async_load()
    assert restored is not None
    assert restored.whole
    assert restored.memory.jellyfin_ids == {3: "abc"}
    await store.async_remove()
    assert f"{DOMAIN}.entry2" not in hass_storage


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _files_beside(path: Path) -> dict[str, str]:
    """The store's files by suffix (timestamps cut off), with their content."""
    return {
        other.name.removeprefix(path.name).rsplit(".", 1)[0]: other.read_text(encoding="utf-8")
        for other in path.parent.glob(f"{path.name}*")
    }


async def test_a_steady_stream_of_changes_is_written_within_the_delay(
    hass: HomeAssistant, hass_storage: dict[str, Any], freezer: FrozenDateTimeFactory
) -> None:
    """A download publishing every 4 s: the Store is written 10 s after the first change, with
    the latest memory, not postponed until Home Assistant stops (a crash would lose it all)."""
    store = TrackerStore(hass, "entry3")
    for step in range(3):  # at 0, 4 and 8 s
        memory = Memory(timeline=Timeline(requests={}), jellyfin_ids={1: f"change {step}"})
        store.async_delay_save(lambda memory=memory: memory)
        if step < 2:
            freezer.tick(timedelta(seconds=4))
            async_fire_time_changed(hass)
            await hass.async_block_till_done()
            assert f"{DOMAIN}.entry3" not in hass_storage
    freezer.tick(timedelta(seconds=3))  # 11 s after the first change, 3 s after the last
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert hass_storage[f"{DOMAIN}.entry3"]["data"]["jellyfin_ids"] == {"1": "change 2"}
    # Written: the next change waits its own delay again.
    later = Memory(timeline=Timeline(requests={}), jellyfin_ids={1: "later"})
    store.async_delay_save(lambda: later)
    freezer.tick(timedelta(seconds=11))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert hass_storage[f"{DOMAIN}.entry3"]["data"]["jellyfin_ids"] == {"1": "later"}


async def test_a_save_now_leaves_later_changes_their_delayed_write(
    hass: HomeAssistant, hass_storage: dict[str, Any], freezer: FrozenDateTimeFactory
) -> None:
    store = TrackerStore(hass, "entry4")
    store.async_delay_save(lambda: Memory(jellyfin_ids={1: "pending"}))
    await store.async_save(Memory(jellyfin_ids={1: "now"}))  # unload: supersedes the pending
    store.async_delay_save(lambda: Memory(jellyfin_ids={1: "after"}))
    freezer.tick(timedelta(seconds=11))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert hass_storage[f"{DOMAIN}.entry4"]["data"]["jellyfin_ids"] == {"1": "after"}
