"""What the dashboard card's live subscriptions send: summary rows, and patches between pictures.

The card holds either every request's summary row or one request's tree (``request_tree``). The
first message carries the whole picture; every later one only what changed since the previous
message, so a 500-episode request whose one download moved costs one episode row, not 500.

Patch of a request tree (``tree_patch``)::

    {"changed": {top-level field: new value, ...},  # never "seasons" nor "downloads": below
     "episodes": [episode row, ...],  # new or changed rows, whole; their "season" places them
     "removed": [episode_id, ...],    # rows gone from the tree
     "downloads": [download row, ...],         # new or changed, whole, by "download_id"
     "downloads_removed": [download_id, ...]}

Patch of the request list (``rows_patch``)::

    {"changed": [row, ...],                          # new or changed rows, whole
     "removed": [{"entry_id": ..., "series_id": ...}, ...]}

Keys with nothing in them are left out; no change at all is ``None`` (nothing is sent).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

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


# Lists of rows sent row by row, by their id: (field, id key, patch key, removed key).
_KEYED: Final = (
    ("seasons", "episode_id", "episodes", "removed"),
    ("downloads", "download_id", "downloads", "downloads_removed"),
)


def _rows(tree: Mapping[str, Any], field: str, key: str) -> dict[Any, Mapping[str, Any]]:
    rows = tree.get(field, ())
    if field == "seasons":
        rows = [row for season in rows for row in season["episodes"]]
    return {row[key]: row for row in rows}


def tree_patch(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, Any] | None:
    """What changed between two trees of the same request, or None."""
    keyed = {field for field, *_ in _KEYED}
    patch: dict[str, Any] = {}
    changed = {
        key: value
        for key, value in new.items()
        if key not in keyed and (key not in old or old[key] != value)
    }
    if changed:
        patch["changed"] = changed
    for field, key, rows_key, removed_key in _KEYED:
        before, after = _rows(old, field, key), _rows(new, field, key)
        rows = [dict(row) for rid, row in after.items() if before.get(rid) != row]
        removed = [rid for rid in before if rid not in after]
        if rows:
            patch[rows_key] = rows
        if removed:
            patch[removed_key] = removed
    return patch or None
