"""The plan: inventory + request → the ordered steps of a deletion (the dry run *is* the plan).

Order: unmonitor in Sonarr (so it does not grab the episodes again while the rest runs), then
qBittorrent, then Sonarr's files (or the series), then Jellyfin, Jellyseerr and Shoko. Every
step names the episodes it is for; what stays on purpose is in ``Plan.kept`` with the reason,
what is already gone in ``Plan.gone``. The rules are ``rules``'s.

``plan_id`` is a fingerprint of the plan (the request, every step, what stays and what is
gone) and of the inventory's facts a deletion depends on (``inventory_facts``: episodes, their
files and monitoring, torrents and their files, library items, Jellyseerr's record, Shoko's
files; not a download's progress, which moves every second). Planning again on a fresh
inventory gives the same id exactly when nothing the deletion depends on has changed: that is
how ``delete`` knows the world is as the dry run saw it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
import hashlib
import json
from typing import Any, Final

from .labels import labelled, labelled_kept
from .model import (
    Action,
    DeletionRequest,
    Episode,
    Inventory,
    Kept,
    LibraryItem,
    Place,
    Plan,
    Step,
    Torrent,
)
from .rules import PROTECTION_TAG, SEERR_AVAILABLE, SEERR_SHOWN_AVAILABLE, is_gone
from .selection import resolve


class Refused(ValueError):
    """The deletion is not allowed as asked (``kind``: protected); nothing is planned."""

    def __init__(self, kind: str, detail: str) -> None:
        """``detail`` names what stands in the way."""
        super().__init__(f"{kind}: {detail}")
        self.kind = kind
        self.detail = detail


def make_plan(
    inventory: Inventory, request: DeletionRequest, *, protection_tag: str = PROTECTION_TAG
) -> Plan:
    """What deleting ``request`` from the services in ``inventory`` takes, step by step.

    Raises ``SelectionError`` for a selection that names nothing or something unknown, and
    ``Refused`` for a protected series without ``force``.
    """
    tag = protection_tag.strip().lower()
    if tag and tag in inventory.tags and not request.force:
        raise Refused("protected", f"{inventory.title} carries the tag '{tag}'")
    selected = resolve(request, inventory.episodes)
    builder = _Builder(inventory, request, frozenset(selected))
    if request.cascade:
        builder.cascade()
    else:
        builder.selective()
    return builder.plan(selected)


class _Builder:
    def __init__(
        self, inventory: Inventory, request: DeletionRequest, selected: frozenset[int]
    ) -> None:
        self.inventory = inventory
        self.request = request
        self.selected = selected
        self.steps: list[Step] = []
        self.kept: list[Kept] = []
        self.gone: list[str] = []
        self.warnings: list[str] = []
        episodes = inventory.episodes
        self.kept_episodes = frozenset(
            e.id for e in episodes.values() if e.id not in selected and not is_gone(e)
        )
        self.files_deleted: frozenset[int] = frozenset()
        for place in inventory.unread:
            self.warnings.append(f"{place.value} could not be read: nothing of it is planned")

    def code(self, episode_id: int) -> str:
        episode = self.inventory.episodes.get(episode_id)
        return episode.code if episode is not None else str(episode_id)

    def codes(self, episode_ids: Iterable[int]) -> str:
        return ", ".join(self.code(e) for e in sorted(episode_ids, key=self._order))

    def _order(self, episode_id: int) -> tuple[int, int]:
        episode = self.inventory.episodes.get(episode_id)
        return (episode.season, episode.number) if episode is not None else (0, episode_id)

    def _item_order(self, item: LibraryItem) -> tuple[tuple[int, int], str]:
        return min((self._order(e) for e in item.episode_ids), default=(0, 0)), item.id

    # -- a whole series -------------------------------------------------------------------

    def cascade(self) -> None:
        inventory, request = self.inventory, self.request
        self.files_deleted = (
            frozenset(e.id for e in inventory.episodes.values() if e.file_id is not None)
            if request.delete_files
            else frozenset()
        )
        torrents = inventory.torrents or {}
        if torrents:
            for torrent in sorted(torrents.values(), key=lambda t: t.hash):
                self._remove_torrent(torrent, "grabbed by Sonarr for this series")
        self.steps.append(
            Step(
                place=Place.SONARR,
                action=Action.DELETE_SERIES,
                targets=(str(inventory.series_id),),
                episode_ids=tuple(sorted(inventory.episodes, key=self._order)),
                params={
                    "delete_files": request.delete_files,
                    "import_list_exclusion": request.import_list_exclusion,
                },
                why="the whole series",
            )
        )
        if (
            inventory.library is not None
            and request.delete_files
            and (inventory.library or inventory.library_series)
        ):
            self.steps.append(
                Step(
                    place=Place.JELLYFIN,
                    action=Action.DELETE_LIBRARY_SERIES,
                    targets=inventory.library_series,
                    episode_ids=tuple(
                        sorted(
                            {e for i in inventory.library.values() for e in i.episode_ids},
                            key=self._order,
                        )
                    ),
                    params={"paths": [inventory.path] if inventory.path else []},
                    why="Sonarr deletes the series folder: Jellyfin is told it is gone",
                )
            )
        seerr = inventory.seerr
        if seerr is not None:
            if seerr.request_ids:
                self.steps.append(
                    Step(
                        place=Place.JELLYSEERR,
                        action=Action.DELETE_REQUESTS,
                        targets=tuple(str(r) for r in seerr.request_ids),
                        why="the series' requests",
                    )
                )
            self.steps.append(
                Step(
                    place=Place.JELLYSEERR,
                    action=Action.DELETE_MEDIA,
                    targets=(str(seerr.media_id),),
                    why="the series' record (never its files: Sonarr deletes those)",
                )
            )
        self._shoko(set(inventory.episodes))

    # -- some episodes --------------------------------------------------------------------

    def selective(self) -> None:
        inventory, request = self.inventory, self.request
        selected = [inventory.episodes[e] for e in sorted(self.selected, key=self._order)]
        if request.unmonitor:
            watched = [e.id for e in selected if e.monitored]
            if watched:
                self.steps.append(
                    Step(
                        place=Place.SONARR,
                        action=Action.UNMONITOR,
                        targets=tuple(str(e) for e in watched),
                        episode_ids=tuple(watched),
                        why="so that Sonarr does not grab them again",
                    )
                )
            for episode in selected:
                if not episode.monitored:
                    self.gone.append(f"{episode.code}: not monitored in Sonarr")
        self._episode_files(selected)
        if inventory.torrents is not None:
            self._torrents()
        self._library()
        self._seerr()
        self._shoko(self.files_deleted)

    def _episode_files(self, selected: list[Episode]) -> None:
        if not self.request.delete_files:
            return
        holders: dict[int, set[int]] = {}
        for episode in self.inventory.episodes.values():
            if episode.file_id is not None:
                holders.setdefault(episode.file_id, set()).add(episode.id)
        file_ids: list[int] = []
        deleted: set[int] = set()
        for episode in selected:
            if episode.file_id is None:
                self.gone.append(f"{episode.code}: no file in Sonarr")
                continue
            shared = holders[episode.file_id] - self.selected
            if shared:
                self.warnings.append(
                    f"{episode.code} shares its file with {self.codes(shared)}: the file stays"
                )
                continue
            if episode.file_id not in file_ids:
                file_ids.append(episode.file_id)
            deleted.add(episode.id)
        self.files_deleted = frozenset(deleted)
        if file_ids:
            self.steps.append(
                Step(
                    place=Place.SONARR,
                    action=Action.DELETE_EPISODE_FILES,
                    targets=tuple(str(f) for f in file_ids),
                    episode_ids=tuple(sorted(deleted, key=self._order)),
                    why="the selected episodes' files",
                )
            )

    def _torrents(self) -> None:
        for torrent in sorted((self.inventory.torrents or {}).values(), key=lambda t: t.hash):
            touched = torrent.episode_ids & self.selected
            if not touched:
                continue
            remaining = torrent.episode_ids & self.kept_episodes
            if not remaining:
                self._remove_torrent(
                    torrent, f"every episode it carries is deleted or gone ({self.codes(touched)})"
                )
            elif not torrent.finished:
                skip = [
                    f
                    for f in torrent.files
                    if f.episode_ids and f.episode_ids <= self.selected and f.priority != 0
                ]
                if skip:
                    self.steps.append(
                        Step(
                            place=Place.QBITTORRENT,
                            action=Action.SKIP_FILES,
                            targets=(torrent.hash,),
                            episode_ids=tuple(
                                sorted({e for f in skip for e in f.episode_ids}, key=self._order)
                            ),
                            params={"file_indexes": [f.index for f in skip]},
                            why=f"still downloading for {self.codes(remaining)}",
                        )
                    )
                self.kept.append(
                    Kept(
                        Place.QBITTORRENT,
                        torrent.hash,
                        tuple(sorted(remaining, key=self._order)),
                        f"still downloading {self.codes(remaining)}",
                    )
                )
            else:
                self.kept.append(
                    Kept(
                        Place.QBITTORRENT,
                        torrent.hash,
                        tuple(sorted(remaining, key=self._order)),
                        f"finished: its data backs {self.codes(remaining)}",
                    )
                )

    def _remove_torrent(self, torrent: Torrent, why: str) -> None:
        self.steps.append(
            Step(
                place=Place.QBITTORRENT,
                action=Action.REMOVE_TORRENT,
                targets=(torrent.hash,),
                episode_ids=tuple(sorted(torrent.episode_ids, key=self._order)),
                params={"delete_data": self.request.delete_files},
                why=why,
            )
        )

    def _library(self) -> None:
        library = self.inventory.library
        if library is None:
            return
        notify: list[str] = []
        delete: list[str] = []
        paths: list[str] = []
        episodes: set[int] = set()
        # In episode order, as a person reads them (an item without episodes is never selected).
        for item in sorted(library.values(), key=self._item_order):
            if not item.episode_ids & self.selected:
                continue
            if not item.episode_ids <= self.selected:
                self.warnings.append(
                    f"Jellyfin's item of {self.codes(item.episode_ids)} also holds kept "
                    "episodes: it stays"
                )
                continue
            episodes.update(item.episode_ids)
            if item.episode_ids <= self.files_deleted:
                notify.append(item.id)
                if item.path:
                    paths.append(item.path)
            elif self.request.delete_files:
                delete.append(item.id)
        for episode_id in sorted(self.selected - episodes, key=self._order):
            self.gone.append(f"{self.code(episode_id)}: Jellyfin does not list it")
        if notify or delete:
            self.steps.append(
                Step(
                    place=Place.JELLYFIN,
                    action=Action.SYNC_LIBRARY,
                    targets=tuple(notify + delete),
                    episode_ids=tuple(sorted(episodes, key=self._order)),
                    params={"forget_paths": paths, "delete_items": delete},
                    why="Sonarr deletes the files: Jellyfin is told; items whose files Sonarr "
                    "does not have are deleted through Jellyfin",
                )
            )

    def _seerr(self) -> None:
        seerr = self.inventory.seerr
        if seerr is None or not self.files_deleted:
            return
        # Jellyseerr's API sets a series' own status; a season's it can only raise to
        # available. So the series is marked for what is left, and the seasons said.
        left = any(
            e.file_id is not None and e.id not in self.files_deleted
            for e in self.inventory.episodes.values()
        )
        status = "partial" if left else self._emptied()
        seasons = sorted({self._season(e) for e in self.files_deleted})
        badges = [s for s in seasons if seerr.season_status.get(s) in SEERR_SHOWN_AVAILABLE]
        if badges:
            self.warnings.append(
                "Jellyseerr cannot lower a season's own status through its API: season "
                + ", ".join(str(s) for s in badges)
                + " keeps its badge there until Jellyseerr's availability sync"
            )
        wrong = frozenset({SEERR_AVAILABLE}) if left else SEERR_SHOWN_AVAILABLE
        if seerr.status not in wrong:
            return
        self.steps.append(
            Step(
                place=Place.JELLYSEERR,
                action=Action.SET_MEDIA_STATUS,
                targets=(str(seerr.media_id),),
                episode_ids=tuple(sorted(self.files_deleted & self.selected, key=self._order)),
                params={"status": status},
                why="never 'available' for a series something was deleted from",
            )
        )

    def _season(self, episode_id: int) -> int:
        return self.inventory.episodes[episode_id].season

    def _emptied(self) -> str:
        # Sonarr will fetch the season again unless it was unmonitored.
        return "unknown" if self.request.unmonitor else "processing"

    def _shoko(self, deleted: Iterable[int]) -> None:
        shoko = self.inventory.shoko
        if not shoko:
            return
        deleted = set(deleted)
        forget = [f for f in sorted(shoko.values(), key=lambda f: f.id) if f.episode_ids <= deleted]
        if forget:
            self.steps.append(
                Step(
                    place=Place.SHOKO,
                    action=Action.FORGET_FILES,
                    targets=tuple(str(f.id) for f in forget),
                    episode_ids=tuple(
                        sorted({e for f in forget for e in f.episode_ids}, key=self._order)
                    ),
                    why="Sonarr deletes the files: Shoko forgets them (it never deletes)",
                )
            )

    # -- the result -----------------------------------------------------------------------

    def plan(self, selected: tuple[int, ...]) -> Plan:
        # Stable: a service's steps keep their order. Labelled before the fingerprint: the
        # names a person confirmed are part of what the plan is.
        steps = [labelled(s, self.inventory) for s in sorted(self.steps, key=_rank)]
        kept = [labelled_kept(k, self.inventory) for k in self.kept]
        body = {
            "request": self.request.as_json(),
            "episodes": list(selected),
            "steps": [s.as_json() for s in steps],
            "kept": [k.as_json() for k in kept],
            "gone": self.gone,
            "warnings": self.warnings,
            "inventory": inventory_facts(self.inventory),
        }
        digest = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()[:24]
        return Plan(
            plan_id=digest,
            request=self.request,
            title=self.inventory.title,
            episode_ids=selected,
            steps=tuple(steps),
            kept=tuple(kept),
            gone=tuple(self.gone),
            warnings=tuple(self.warnings),
        )


_RANKS: Final = {
    Place.QBITTORRENT: 1,
    Place.JELLYFIN: 3,
    Place.JELLYSEERR: 4,
    Place.SHOKO: 5,
}


def _rank(step: Step) -> int:
    """Unmonitor first, then qBittorrent, Sonarr's files, Jellyfin, Jellyseerr, Shoko."""
    if step.place is Place.SONARR:
        return 0 if step.action is Action.UNMONITOR else 2
    return _RANKS[step.place]


def episode_codes(episodes: Mapping[int, Episode]) -> dict[int, str]:
    """``S01E03`` per episode id (for answers and logs)."""
    return {e.id: e.code for e in episodes.values()}


def inventory_facts(inventory: Inventory) -> dict[str, Any]:
    """What a deletion depends on, JSON-safe and in a stable order (part of ``plan_id``).

    A torrent counts by its files, their priorities and whether it has finished; its progress
    does not (it moves while the user reads the plan, and changes nothing planned unless the
    torrent finishes).
    """
    return {
        "series": [inventory.series_id, inventory.path, sorted(inventory.tags)],
        "episodes": sorted(
            [e.id, e.monitored, e.file_id, e.path] for e in inventory.episodes.values()
        ),
        "torrents": (
            None
            if inventory.torrents is None
            else sorted(
                [
                    t.hash,
                    t.finished,
                    sorted(t.episode_ids),
                    [[f.index, f.priority, sorted(f.episode_ids)] for f in t.files],
                ]
                for t in inventory.torrents.values()
            )
        ),
        "library": (
            None
            if inventory.library is None
            else sorted([i.id, i.path, sorted(i.episode_ids)] for i in inventory.library.values())
        ),
        "library_series": sorted(inventory.library_series),
        "seerr": (
            None
            if inventory.seerr is None
            else [
                inventory.seerr.media_id,
                inventory.seerr.status,
                sorted(inventory.seerr.season_status.items()),
                sorted(inventory.seerr.request_ids),
            ]
        ),
        "shoko": (
            None
            if inventory.shoko is None
            else sorted([f.id, f.path, sorted(f.episode_ids)] for f in inventory.shoko.values())
        ),
        "shoko_series": sorted(inventory.shoko_series),
        "unread": sorted(place.value for place in inventory.unread),
    }
