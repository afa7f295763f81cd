"""qBittorrent's ``sync/maindata`` merged across polls: the incremental read of every torrent.

Pure: it never does I/O. A malformed answer raises ``ApiError`` and changes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final, cast

from .errors import ApiError
from .http import expect_dict
from .payloads.qbittorrent import QbtCategory, QbtServerState, QbtTorrent

MAINDATA_ENDPOINT: Final = "GET api/v2/sync/maindata"


def _str_list(endpoint: str, key: str, value: Any) -> list[str]:
    """Return value when it is a JSON array of strings."""
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ApiError(endpoint, None, f"'{key}' is not an array of strings")
    return cast(list[str], value)


def _object_map(endpoint: str, key: str, value: Any) -> dict[str, dict[str, Any]]:
    """Return value when it is a JSON object whose values are objects."""
    if not isinstance(value, dict) or not all(isinstance(item, dict) for item in value.values()):
        raise ApiError(endpoint, None, f"'{key}' is not an object of objects")
    return cast(dict[str, dict[str, Any]], value)


@dataclass
class MainData:
    """The merged result of ``sync/maindata`` polls. Pure: it never does I/O.

    qBittorrent answers a poll with the changes since the ``rid`` the client echoes: changed
    torrents with only their changed fields, ``*_removed`` lists, and a ``full_update`` flag when
    it sends everything again (rid 0, or a rid it no longer knows).
    """

    rid: int = 0
    torrents: dict[str, QbtTorrent] = field(default_factory=dict)
    categories: dict[str, QbtCategory] = field(default_factory=dict)
    tags: set[str] = field(default_factory=set)
    trackers: dict[str, list[str]] = field(default_factory=dict)
    server_state: QbtServerState = field(default_factory=QbtServerState)
    full_updates: int = 0
    """How many full updates were applied: a jump means qBittorrent lost track of our rid."""

    def torrent(self, torrent_hash: str) -> QbtTorrent | None:
        """Return one torrent by hash (any case), or None."""
        return self.torrents.get(torrent_hash.lower())

    def apply(self, update: Mapping[str, Any]) -> None:
        """Merge one ``sync/maindata`` answer; a malformed one raises ApiError, changing nothing."""
        endpoint = MAINDATA_ENDPOINT
        rid = update.get("rid")
        if not isinstance(rid, int) or isinstance(rid, bool):
            raise ApiError(endpoint, None, "'rid' is missing or not an integer")
        # Validate every part before touching the state, so a bad delta cannot half-apply.
        torrents = _object_map(endpoint, "torrents", update.get("torrents", {}))
        torrents_removed = _str_list(
            endpoint, "torrents_removed", update.get("torrents_removed", [])
        )
        categories = _object_map(endpoint, "categories", update.get("categories", {}))
        categories_removed = _str_list(
            endpoint, "categories_removed", update.get("categories_removed", [])
        )
        tags = _str_list(endpoint, "tags", update.get("tags", []))
        tags_removed = _str_list(endpoint, "tags_removed", update.get("tags_removed", []))
        trackers = update.get("trackers", {})
        if not isinstance(trackers, dict):
            raise ApiError(endpoint, None, "'trackers' is not an object")
        tracker_map = {url: _str_list(endpoint, "trackers", hs) for url, hs in trackers.items()}
        trackers_removed = _str_list(
            endpoint, "trackers_removed", update.get("trackers_removed", [])
        )
        server_state = expect_dict(endpoint, update.get("server_state", {}))

        if update.get("full_update") is True or self.rid == 0:
            # Everything is resent: anything not in this answer is gone.
            self.torrents.clear()
            self.categories.clear()
            self.tags.clear()
            self.trackers.clear()
            self.server_state = QbtServerState()
            self.full_updates += 1

        for raw_hash, fields in torrents.items():
            torrent_hash = raw_hash.lower()
            merged = cast(dict[str, Any], self.torrents.setdefault(torrent_hash, QbtTorrent()))
            merged.update(fields)
            # maindata keys torrents by hash and leaves the field out; put it back so a merged
            # torrent looks like a torrents/info entry.
            merged["hash"] = torrent_hash
        for raw_hash in torrents_removed:
            self.torrents.pop(raw_hash.lower(), None)

        for name, fields in categories.items():
            cast(dict[str, Any], self.categories.setdefault(name, QbtCategory())).update(fields)
        for name in categories_removed:
            self.categories.pop(name, None)

        self.tags.update(tags)
        self.tags.difference_update(tags_removed)

        self.trackers.update(tracker_map)
        for url in trackers_removed:
            self.trackers.pop(url, None)

        cast(dict[str, Any], self.server_state).update(server_state)
        self.rid = rid
