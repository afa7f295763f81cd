"""What the dashboard card's live subscriptions send: summary rows, and patches between pictures.

The card holds either every request's summary row or one request's tree (``request_tree``). The
first message carries the whole picture; every later one only what changed since the previous
message, so a 500-episode request whose one download moved costs one episode row, not 500.

Patch of a request tree (``tree_patch``)::

    {"changed": {top-level field: new value, ...},  # never "seasons": see "episodes"
     "episodes": [episode row, ...],  # new or changed rows, whole; their "season" places them
     "removed": [episode_id, ...]}    # rows gone from the tree

Patch of the request list (``rows_patch``)::

    {"changed": [row, ...],                          # new or changed rows, whole
     "removed": [{"entry_id": ..., "series_id": ...}, ...]}

Keys with nothing in them are left out; no change at all is ``None`` (nothing is sent).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from .model import RequestState

type RowKey = tuple[str, int]
"""A request in the list: (config entry id, Sonarr series id); two Sonarrs may share ids."""


def request_row(request: RequestState, entry_id: str) -> dict[str, Any]:
    """One request's line in the "all requests" list: its figures and its newest activity."""
    progress = request.progress
    # The newest status change of the request or any of its episodes: what "recent" sorts by.
    activity = max((episode.since for episode in request.episodes), default=request.since)
    activity = max(activity, request.since)
    return {
        "entry_id": entry_id,
        "series_id": request.series_id,
        "title": request.title,
        "status": request.status.value,
        "requested_by": request.requested_by,
        "episodes_available": progress.episodes_available,
        "episodes_total": progress.episodes_total,
        "percent_episodes": round(progress.percent_episodes, 1),
        "percent_bytes": (
            round(progress.percent_bytes, 1) if progress.percent_bytes is not None else None
        ),
        "eta": progress.eta.isoformat() if progress.eta is not None else None,
        "activity": activity.isoformat(),
    }


def row_key(row: Mapping[str, Any]) -> RowKey:
    """The key of a row made by ``request_row``."""
    return (str(row["entry_id"]), int(row["series_id"]))


def rows_patch(
    old: Mapping[RowKey, Mapping[str, Any]], new: Mapping[RowKey, Mapping[str, Any]]
) -> dict[str, Any] | None:
    """What changed in the request list, or None."""
    patch: dict[str, Any] = {}
    changed = [dict(row) for key, row in new.items() if old.get(key) != row]
    removed = [{"entry_id": key[0], "series_id": key[1]} for key in old if key not in new]
    if changed:
        patch["changed"] = changed
    if removed:
        patch["removed"] = removed
    return patch or None


def _episodes(tree: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    for season in tree.get("seasons", ()):
        yield from season["episodes"]


def tree_patch(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, Any] | None:
    """What changed between two trees of the same request, or None."""
    patch: dict[str, Any] = {}
    changed = {
        key: value
        for key, value in new.items()
        if key != "seasons" and (key not in old or old[key] != value)
    }
    before = {row["episode_id"]: row for row in _episodes(old)}
    after = {row["episode_id"]: row for row in _episodes(new)}
    episodes = [dict(row) for eid, row in after.items() if before.get(eid) != row]
    removed = [eid for eid in before if eid not in after]
    for key, value in (("changed", changed), ("episodes", episodes), ("removed", removed)):
        if value:
            patch[key] = value
    return patch or None
