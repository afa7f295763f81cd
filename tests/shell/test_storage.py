"""The entry's Store: a file this version cannot read is kept aside, never in the way."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from homeassistant.core import HomeAssistant

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
