"""What a subscriber of the live feeds does with their messages (as the card does in TypeScript)."""

from __future__ import annotations

import copy
from typing import Any


def apply_tree_patch(tree: dict[str, Any], patch: dict[str, Any]) -> dict[str, Any]:
    """The tree after a ``tree_patch``: fields replaced, episode rows replaced or removed."""
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
    return result


def apply_rows_patch(rows: list[dict[str, Any]], patch: dict[str, Any]) -> list[dict[str, Any]]:
    """The request list after a ``rows_patch``, in a stable order (entry, series)."""
    by_key = {(r["entry_id"], r["series_id"]): r for r in rows}
    for gone in patch.get("removed", ()):
        by_key.pop((gone["entry_id"], gone["series_id"]))
    for row in patch.get("changed", ()):
        by_key[(row["entry_id"], row["series_id"])] = row
    return [by_key[key] for key in sorted(by_key)]
