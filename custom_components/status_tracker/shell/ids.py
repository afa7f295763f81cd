"""Identifiers of the entry's devices and entities, and the episode code they are named by.

Sonarr's ids never change, so neither do these: a request's device and an episode's entity keep
their history across restarts, renames and re-imports.
"""

from __future__ import annotations


def request_identifier(entry_id: str, series_id: int) -> str:
    """The device identifier of a request (a Sonarr series) of one config entry."""
    return f"{entry_id}_{series_id}"


def request_unique_id(entry_id: str, series_id: int, key: str) -> str:
    """Unique id of a per-request entity (``key``: status, progress)."""
    return f"{entry_id}_{series_id}_{key}"


def episode_unique_id(entry_id: str, series_id: int, episode_id: int) -> str:
    """Unique id of an episode's entity."""
    return f"{entry_id}_{series_id}_{episode_id}"


def summary_unique_id(entry_id: str, key: str) -> str:
    """Unique id of an entity of the entry's own device."""
    return f"{entry_id}_{key}"


def series_id_of(entry_id: str, identifier: str) -> int | None:
    """The series id in a request device's identifier, None for any other identifier."""
    prefix = f"{entry_id}_"
    if not identifier.startswith(prefix):
        return None
    rest = identifier.removeprefix(prefix)
    return int(rest) if rest.isdecimal() else None


def episode_code(season: int | None, episode: int | None) -> str:
    """``S02E05``, the way Sonarr and release names write an episode."""
    if season is None or episode is None:
        return ""
    return f"S{season:02d}E{episode:02d}"
