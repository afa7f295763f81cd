"""What a subscriber of the live feeds does with their messages (as the card does in TypeScript)."""

from __future__ import annotations

import copy
from typing import Any


def apply_tree_patch(tree: dict[str, Any], patch: dict[str, Any]) -> dict[str, Any]:
    """The tree after a ``tree_patch``: fields replaced, rows replaced or removed.

    Downloads come back ordered by id: compare with a tree's downloads in the same order.
    """
    result = copy.deepcopy(tree)
    result.update(patch.get("changed", {}))
    episodes = {
        row["episode_id"]: row for season in result.get("seasons", ()) for row in season["episodes"]
    }
    for eid in patch.get("removed", ()):
        episodes.pop(eid)
    for row in patch.get("episodes", ()):
        episodes[row["episode_id"]] = row
    seasons: dict[int, list[dict[str, Any]]] = {}
    for row in sorted(episodes.values(), key=lambda r: (r["season"], r["episode"])):
        seasons.setdefault(row["season"], []).append(row)
    result["seasons"] = [
        {"season": number, "episodes": rows} for number, rows in sorted(seasons.items())
    ]
    downloads = {row["download_id"]: row for row in result.get("downloads", ())}
    for download_id in patch.get("downloads_removed", ()):
        downloads.pop(download_id)
    for row in patch.get("downloads", ()):
        downloads[row["download_id"]] = row
    result["downloads"] = sorted(downloads.values(), key=lambda r: r["download_id"])
    return result


def apply_rows_patch(rows: list[dict[str, Any]], patch: dict[str, Any]) -> list[dict[str, Any]]:
    """The request list after a ``rows_patch``, in a stable order (entry, series)."""
    by_key = {(r["entry_id"], r["series_id"]): r for r in rows}
    for gone in patch.get("removed", ()):
        by_key.pop((gone["entry_id"], gone["series_id"]))
    for row in patch.get("changed", ()):
        by_key[(row["entry_id"], row["series_id"])] = row
    return [by_key[key] for key in sorted(by_key)]


def normalized(tree: dict[str, Any]) -> dict[str, Any]:
    """A tree with its downloads ordered by id, as ``apply_tree_patch`` orders them."""
    return {**tree, "downloads": sorted(tree["downloads"], key=lambda r: r["download_id"])}
