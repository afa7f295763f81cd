"""Verification: each selected episode checked gone from every place the plan removed it from.

Compared are the inventory read before the deletion and one read after (Jellyfin's after its
refresh): an episode is deleted when every place that had it no longer does; a service that
answered 200 but did not delete shows up here, not in the step's outcome.
"""

from __future__ import annotations

from collections.abc import Iterable

from .model import Action, Check, Inventory, Place, Plan, Step, Verification
from .rules import SEERR_AVAILABLE, SEERR_SHOWN_AVAILABLE

_STILL = {
    Place.SONARR: "Sonarr still has",
    Place.QBITTORRENT: "qBittorrent still has the torrent of",
    Place.JELLYFIN: "Jellyfin still lists",
    Place.JELLYSEERR: "Jellyseerr still shows as available",
    Place.SHOKO: "Shoko still indexes",
}


def verify(plan: Plan, before: Inventory, after: Inventory) -> Verification:
    """Check every selected episode in every place it was, after the deletion."""
    checks: list[Check] = []
    for step in plan.steps:
        checks.extend(_checks(step, plan, before, after))
    if plan.request.unmonitor and not plan.request.cascade:
        for episode_id in plan.episode_ids:
            now = after.episodes.get(episode_id)
            if before.episodes[episode_id].monitored:
                checks.append(
                    Check(episode_id, Place.SONARR, now is None or not now.monitored, "monitored")
                )
    failed_ids = {c.episode_id for c in checks if not c.gone}
    selected = list(plan.episode_ids)
    deleted = tuple(e for e in selected if e not in failed_ids)
    failed = tuple(e for e in selected if e in failed_ids)
    return Verification(
        episodes_deleted=deleted,
        episodes_failed=failed,
        checks=tuple(checks),
        summary=_summary(plan, before, deleted, failed, checks),
    )


def _checks(step: Step, plan: Plan, before: Inventory, after: Inventory) -> Iterable[Check]:
    place, action, episode_ids = step.place, step.action, step.episode_ids
    if action is Action.DELETE_EPISODE_FILES:
        for episode_id in episode_ids:
            now = after.episodes.get(episode_id)
            yield Check(episode_id, place, now is None or now.file_id is None, "file")
    elif action is Action.DELETE_SERIES:
        for episode_id in episode_ids:
            now = after.episodes.get(episode_id)
            gone = now is None or (now.file_id is None or not step.params.get("delete_files"))
            yield Check(episode_id, place, gone, "series")
    elif action is Action.REMOVE_TORRENT:
        present = after.torrents is not None and step.targets[0] in after.torrents
        for episode_id in episode_ids:
            if episode_id in plan.episode_ids:
                yield Check(episode_id, place, not present, step.targets[0])
    elif action is Action.SKIP_FILES:
        torrent = (after.torrents or {}).get(step.targets[0])
        skipped = set(step.params.get("file_indexes", ()))
        files = [f for f in torrent.files if f.index in skipped] if torrent is not None else []
        done = torrent is None or all(f.priority == 0 for f in files)
        for episode_id in episode_ids:
            yield Check(episode_id, place, done, step.targets[0])
    elif action in (Action.SYNC_LIBRARY, Action.DELETE_LIBRARY_SERIES):
        still = {e for item in (after.library or {}).values() for e in item.episode_ids}
        for episode_id in episode_ids:
            yield Check(episode_id, place, episode_id not in still, "library")
    elif action is Action.SET_MEDIA_STATUS:
        status = after.seerr.status if after.seerr is not None else None
        # Partially available may stay that; with nothing left, neither may be shown.
        forbidden = (
            {SEERR_AVAILABLE} if step.params.get("status") == "partial" else SEERR_SHOWN_AVAILABLE
        )
        for episode_id in episode_ids:
            yield Check(episode_id, place, status not in forbidden, "series status")
    elif action is Action.DELETE_MEDIA:
        gone = after.seerr is None
        for episode_id in plan.episode_ids:
            yield Check(episode_id, place, gone, "media")
    elif action is Action.FORGET_FILES:
        still = set(after.shoko or {})
        for target in step.targets:
            record = (before.shoko or {}).get(int(target))
            for episode_id in record.episode_ids if record is not None else ():
                yield Check(episode_id, place, int(target) not in still, target)


def _summary(
    plan: Plan,
    before: Inventory,
    deleted: tuple[int, ...],
    failed: tuple[int, ...],
    checks: list[Check],
) -> str:
    total = len(plan.episode_ids)
    text = f"Deleted {len(deleted)}/{total} episodes"
    if not failed:
        return text
    parts: list[str] = []
    for place in Place:
        missing = sorted(
            {c.episode_id for c in checks if c.place is place and not c.gone},
            key=lambda e: (before.episodes[e].season, before.episodes[e].number),
        )
        if missing:
            codes = ", ".join(before.episodes[e].code for e in missing)
            parts.append(f"{_STILL[place]} {codes}")
    return f"{text}, {len(failed)} failed: " + "; ".join(parts)
