"""What a person reads for each target of a plan: file and torrent names, not service ids.

The plan's targets are the ids each service's API takes (Sonarr episode and file ids, torrent
hashes, Jellyfin item ids); the confirmation a person is asked for must say which files and
torrents those are. Labels come from the same inventory the plan was made from, one per target
in the same order; a target the inventory cannot name keeps its id.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Final

from .model import Action, Inventory, Kept, Step


def labelled(step: Step, inventory: Inventory) -> Step:
    """The step with a label per target (see the module docstring)."""
    name = _NAMERS.get(step.action)
    if name is None:
        return step
    return replace(step, labels=tuple(name(target, step, inventory) for target in step.targets))


def labelled_kept(kept: Kept, inventory: Inventory) -> Kept:
    """What stays, named: a torrent kept by its name."""
    torrent = (inventory.torrents or {}).get(kept.target)
    return replace(kept, label=torrent.name) if torrent is not None else kept


def _file_name(path: str | None) -> str | None:
    if not path:
        return None
    return path.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1] or None


def _episode(target: str, step: Step, inventory: Inventory) -> str:
    episode = inventory.episodes.get(_int(target))
    return episode.code if episode is not None else target


def _episode_file(target: str, step: Step, inventory: Inventory) -> str:
    file_id = _int(target)
    holders = sorted(
        (e for e in inventory.episodes.values() if e.file_id == file_id and file_id is not None),
        key=lambda e: (e.season, e.number),
    )
    if not holders:
        return target
    codes = "+".join(e.code for e in holders)
    name = _file_name(holders[0].path)
    return f"{codes} {name}" if name else codes


def _torrent(target: str, step: Step, inventory: Inventory) -> str:
    torrent = (inventory.torrents or {}).get(target)
    if torrent is None:
        return target
    if step.action is not Action.SKIP_FILES:
        return torrent.name
    indexes = step.params.get("file_indexes", ())
    names = [_file_name(f.name) or f.name for f in torrent.files if f.index in indexes]
    return f"{torrent.name}: {', '.join(names)}" if names else torrent.name


def _library_item(target: str, step: Step, inventory: Inventory) -> str:
    item = (inventory.library or {}).get(target)
    if item is None:
        return target
    name = _file_name(item.path)
    if name:
        return name
    codes = sorted(inventory.episodes[e].code for e in item.episode_ids if e in inventory.episodes)
    return "+".join(codes) or target


def _shoko_file(target: str, step: Step, inventory: Inventory) -> str:
    file = (inventory.shoko or {}).get(_int(target))
    return (_file_name(file.path) or target) if file is not None else target


def _series(target: str, step: Step, inventory: Inventory) -> str:
    return inventory.title


def _request(target: str, step: Step, inventory: Inventory) -> str:
    return f"#{target}"


def _int(target: str) -> int:
    try:
        return int(target)
    except ValueError:
        return -1


_NAMERS: Final[Mapping[Action, Callable[[str, Step, Inventory], str]]] = {
    Action.UNMONITOR: _episode,
    Action.DELETE_EPISODE_FILES: _episode_file,
    Action.REMOVE_TORRENT: _torrent,
    Action.SKIP_FILES: _torrent,
    Action.SYNC_LIBRARY: _library_item,
    Action.FORGET_FILES: _shoko_file,
    Action.DELETE_SERIES: _series,
    Action.DELETE_LIBRARY_SERIES: _series,
    Action.DELETE_MEDIA: _series,
    Action.SET_MEDIA_STATUS: _series,
    Action.DELETE_REQUESTS: _request,
}
