"""Runs deletions: read → plan → execute each step → read again → verify → log.

One deletion at a time per entry (a lock). ``async_plan`` is the dry run: it reads, plans and
keeps the plan under its id for a while; ``async_execute`` runs a kept plan only if planning
again on a fresh inventory gives the same id (else ``PlanOutdated``, nothing touched). A step
that fails does not stop the others; every step's outcome and the verification are logged.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from http import HTTPStatus
from typing import TYPE_CHECKING, Any, Final, cast

from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util

from custom_components.status_tracker.clients import ApiError, ClientError
from custom_components.status_tracker.const import LOGGER
from custom_components.status_tracker.deletion import (
    Action,
    DeletionRequest,
    Inventory,
    Outcome,
    Place,
    Plan,
    Readings,
    Step,
    build_inventory,
    episode_codes,
    make_plan,
    verify,
)
from custom_components.status_tracker.deletion.model import Verification

from .connection import MediaStackClients
from .deletion_reader import async_read, async_read_others

if TYPE_CHECKING:
    from custom_components.status_tracker.clients.payloads.jellyseerr import MediaStatusAction

PLAN_LIFETIME: Final = timedelta(minutes=15)
MAX_PLANS: Final = 20
# Jellyfin removes items after its scan: re-read until every check passes, within this bound.
VERIFY_TIMEOUT: Final = 30.0
VERIFY_FIRST_WAIT: Final = 0.5
VERIFY_MAX_WAIT: Final = 8.0


class PlanOutdated(Exception):
    """The world changed since the dry run (or the plan is unknown): nothing was touched."""


@dataclass(frozen=True, slots=True)
class _Kept:
    plan: Plan
    made: datetime


@dataclass(frozen=True, slots=True)
class Planned:
    """A dry run: the plan and the inventory it was made from."""

    plan: Plan
    inventory: Inventory

    def as_json(self) -> dict[str, Any]:
        """The action's answer."""
        return self.plan.as_json(episode_codes(self.inventory.episodes))


class DeletionRunner:
    """The deletions of one entry."""

    def __init__(
        self,
        hass: HomeAssistant,
        clients: MediaStackClients,
        *,
        protection_tag: str,
        deleting: Callable[[int, bool], None],
    ) -> None:
        """``deleting(series_id, busy)`` tells the coordinator a deletion starts or ends."""
        self._hass = hass
        self._clients = clients
        self._protection_tag = protection_tag
        self._deleting = deleting
        self._lock = asyncio.Lock()
        self._plans: dict[str, _Kept] = {}
        self._jellyfin_told = False  # this deletion told Jellyfin something: wait for its scan
        self.verify_timeout = VERIFY_TIMEOUT

    async def async_plan(self, request: DeletionRequest) -> Planned:
        """The dry run: nothing is changed anywhere."""
        inventory = await self._async_inventory(request.series_id)
        plan = make_plan(inventory, request, protection_tag=self._protection_tag)
        self._keep(plan)
        return Planned(plan, inventory)

    def knows(self, plan_id: str) -> bool:
        """Whether a plan of this id was made here (and may still be run)."""
        return plan_id in self._plans

    async def async_execute(self, plan_id: str) -> dict[str, Any]:
        """Run a kept plan if the world is as it was; the deletion's log record."""
        async with self._lock:
            kept = self._plans.pop(plan_id, None)
            if kept is None or dt_util.utcnow() - kept.made > PLAN_LIFETIME:
                raise PlanOutdated(plan_id)
            request = kept.plan.request
            started = dt_util.utcnow()
            readings = await async_read(self._clients, request.series_id, dt_util.utcnow())
            before = await self._async_build(readings)
            plan = make_plan(before, request, protection_tag=self._protection_tag)
            if plan.plan_id != plan_id:
                raise PlanOutdated(plan_id)
            self._deleting(request.series_id, True)
            try:
                outcomes = await self._async_run(plan)
                after, verification = await self._async_verify(plan, before, readings)
            finally:
                self._deleting(request.series_id, False)
        return _record(
            plan,
            before=before,
            outcomes=outcomes,
            verification=verification,
            started=started,
            finished=dt_util.utcnow(),
            after=after,
        )

    async def _async_inventory(self, series_id: int) -> Inventory:
        readings = await async_read(self._clients, series_id, dt_util.utcnow())
        return await self._async_build(readings)

    async def _async_build(self, readings: Readings) -> Inventory:
        return await self._hass.async_add_executor_job(build_inventory, readings)

    def _keep(self, plan: Plan) -> None:
        now = dt_util.utcnow()
        self._plans = {k: v for k, v in self._plans.items() if now - v.made <= PLAN_LIFETIME}
        self._plans[plan.plan_id] = _Kept(plan, now)
        while len(self._plans) > MAX_PLANS:
            self._plans.pop(next(iter(self._plans)))

    # -- execution ------------------------------------------------------------------------

    async def _async_run(self, plan: Plan) -> list[Outcome]:
        """Every step, whatever the others did: one service failing stops nothing else."""
        outcomes: list[Outcome] = []
        done: dict[Action, bool] = {}
        self._jellyfin_told = False
        for step in plan.steps:
            try:
                message = await self._async_step(step, plan, done)
            except ClientError as err:
                outcomes.append(Outcome(step, False, str(err)))
                done[step.action] = False
            except Exception as err:
                LOGGER.exception("Deletion step %s on %s failed", step.action, step.place)
                outcomes.append(Outcome(step, False, f"unexpected error: {err!r}"))
                done[step.action] = False
            else:
                outcomes.append(Outcome(step, True, message))
                done[step.action] = True
        return outcomes

    async def _async_step(self, step: Step, plan: Plan, done: Mapping[Action, bool]) -> str:
        handlers: dict[Action, Callable[[], Awaitable[str]]] = {
            Action.UNMONITOR: lambda: self._unmonitor(step, plan.request.series_id),
            Action.REMOVE_TORRENT: lambda: self._remove_torrent(step),
            Action.SKIP_FILES: lambda: self._skip_files(step),
            Action.DELETE_EPISODE_FILES: lambda: self._delete_files(step),
            Action.DELETE_SERIES: lambda: self._delete_series(step),
            Action.SYNC_LIBRARY: lambda: self._sync_library(step, done),
            Action.DELETE_LIBRARY_SERIES: lambda: self._delete_library_series(step, done),
            Action.SET_MEDIA_STATUS: lambda: self._media_status(step),
            Action.DELETE_REQUESTS: lambda: self._delete_requests(step),
            Action.DELETE_MEDIA: lambda: self._delete_media(step),
            Action.FORGET_FILES: lambda: self._forget_files(step, done),
        }
        return await handlers[step.action]()

    async def _unmonitor(self, step: Step, series_id: int) -> str:
        sonarr = self._clients.sonarr
        ids = [int(t) for t in step.targets]
        await sonarr.set_episodes_monitored(ids, False)
        # Confirmed by reading again: Sonarr must not grab them while the rest runs.
        still = [
            e["id"]
            for e in await sonarr.episodes(series_id)
            if e.get("id") in ids and e.get("monitored")
        ]
        if still:
            raise ClientError(f"Sonarr still monitors episodes {still}")
        return f"{len(ids)} unmonitored"

    async def _remove_torrent(self, step: Step) -> str:
        await self._clients.qbittorrent.delete_torrents(
            step.targets[0], delete_files=bool(step.params.get("delete_data"))
        )
        return "removed" + (" with its data" if step.params.get("delete_data") else "")

    async def _skip_files(self, step: Step) -> str:
        indexes = list(step.params.get("file_indexes", ()))
        await self._clients.qbittorrent.set_file_priority(step.targets[0], indexes, 0)
        return f"{len(indexes)} files not downloaded any more"

    async def _delete_files(self, step: Step) -> str:
        await self._clients.sonarr.delete_episode_files([int(t) for t in step.targets])
        return f"{len(step.targets)} files deleted"

    async def _delete_series(self, step: Step) -> str:
        await self._clients.sonarr.delete_series(
            int(step.targets[0]),
            delete_files=bool(step.params.get("delete_files")),
            add_import_list_exclusion=bool(step.params.get("import_list_exclusion")),
        )
        return "series deleted"

    async def _sync_library(self, step: Step, done: Mapping[Action, bool]) -> str:
        jellyfin = self._clients.jellyfin
        forget = list(step.params.get("forget_paths", ()))
        delete = list(step.params.get("delete_items", ()))
        note = ""
        if forget and done.get(Action.DELETE_EPISODE_FILES) is False:
            # The files are still there: Jellyfin must not be told otherwise, and is not asked
            # to delete them behind Sonarr's back either.
            forget, note = [], "; Sonarr did not delete the files, Jellyfin keeps them"
        self._jellyfin_told = bool(forget or delete)
        if forget:
            await jellyfin.notify_media_updated((path, "Deleted") for path in forget)
        for item_id in delete:
            await jellyfin.delete_item(item_id)
        return f"{len(forget)} paths forgotten, {len(delete)} items deleted{note}"

    async def _delete_library_series(self, step: Step, done: Mapping[Action, bool]) -> str:
        if not done.get(Action.DELETE_SERIES):
            # Jellyfin's own delete takes the files: never behind Sonarr's back.
            return "skipped: Sonarr did not delete the series, Jellyfin keeps it"
        paths = list(step.params.get("paths", ()))
        self._jellyfin_told = bool(paths)
        if paths:
            await self._clients.jellyfin.notify_media_updated((path, "Deleted") for path in paths)
        return "Jellyfin told the series folder is gone"

    async def _media_status(self, step: Step) -> str:
        seerr = self._clients.jellyseerr
        assert seerr is not None  # planned only when Jellyseerr was read
        status = cast("MediaStatusAction", step.params["status"])
        await seerr.set_media_status(int(step.targets[0]), status)
        return f"series marked {status}"

    async def _delete_requests(self, step: Step) -> str:
        seerr = self._clients.jellyseerr
        assert seerr is not None
        gone = 0
        for request_id in step.targets:
            gone += 0 if await seerr.delete_request(int(request_id)) else 1
        return f"{len(step.targets) - gone} requests deleted, {gone} already gone"

    async def _delete_media(self, step: Step) -> str:
        seerr = self._clients.jellyseerr
        assert seerr is not None
        await seerr.delete_media(int(step.targets[0]))
        return "record deleted (never its files)"

    async def _forget_files(self, step: Step, done: Mapping[Action, bool]) -> str:
        shoko = self._clients.shoko
        assert shoko is not None
        if not (done.get(Action.DELETE_EPISODE_FILES) or done.get(Action.DELETE_SERIES)):
            return "skipped: Sonarr did not delete the files, Shoko keeps them"
        for file_id in step.targets:
            await shoko.remove_file(int(file_id))
        return f"{len(step.targets)} files forgotten (not deleted from disk)"

    # -- verification ---------------------------------------------------------------------

    async def _async_verify(
        self, plan: Plan, before: Inventory, readings: Readings
    ) -> tuple[Inventory, Verification]:
        """Read again until Jellyfin has scanned what it was told, within a bound.

        What any other service (or a Jellyfin that was not told) left is final at once.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.verify_timeout
        wait = VERIFY_FIRST_WAIT
        while True:
            try:
                after = await self._async_inventory_after(plan, readings)
            except ClientError as err:
                return before, _unverified(plan, str(err))
            result = verify(plan, before, after)
            # Only Jellyfin acts later (its scan); anything else left now stays left.
            scanning = self._jellyfin_told and any(
                not c.gone and c.place is Place.JELLYFIN for c in result.checks
            )
            if not scanning or loop.time() + wait > deadline:
                return after, result
            await asyncio.sleep(wait)
            wait = min(wait * 2, VERIFY_MAX_WAIT)

    async def _async_inventory_after(self, plan: Plan, readings: Readings) -> Inventory:
        try:
            return await self._async_inventory(plan.request.series_id)
        except ApiError as err:
            if not (plan.request.cascade and err.status == HTTPStatus.NOT_FOUND):
                raise
        # Sonarr no longer knows the series (it deleted it, files too): the others are read
        # again with what Sonarr said before, so their leftovers are still recognised.
        others = await async_read_others(self._clients, readings, dt_util.utcnow())
        after = await self._async_build(others)
        return replace(
            after,
            episodes={
                k: replace(e, file_id=None, monitored=False) for k, e in after.episodes.items()
            },
        )


def _unverified(plan: Plan, error: str) -> Verification:
    """Sonarr could not be read afterwards: nothing can be said to be deleted."""
    return Verification(
        episodes_deleted=(),
        episodes_failed=plan.episode_ids,
        checks=(),
        summary=f"Not verified: Sonarr could not be read after the deletion ({error[:200]})",
    )


def _record(
    plan: Plan,
    *,
    before: Inventory,
    outcomes: list[Outcome],
    verification: Verification,
    started: datetime,
    finished: datetime,
    after: Inventory,
) -> dict[str, Any]:
    codes = episode_codes(before.episodes)
    return {
        "plan_id": plan.plan_id,
        "series_id": plan.request.series_id,
        "title": plan.title,
        "request": plan.request.as_json(),
        "started": started.isoformat(),
        "finished": finished.isoformat(),
        "duration_s": round((finished - started).total_seconds(), 2),
        "before": _summary(before),
        "after": _summary(after),
        "steps": [outcome.as_json() for outcome in outcomes],
        "kept": [kept.as_json() for kept in plan.kept],
        "already_gone": list(plan.gone),
        "warnings": list(plan.warnings),
        "episodes_deleted": [codes.get(e, str(e)) for e in verification.episodes_deleted],
        "episodes_failed": [codes.get(e, str(e)) for e in verification.episodes_failed],
        "partial": verification.partial,
        "checks": [
            {
                "episode": codes.get(c.episode_id, str(c.episode_id)),
                "service": c.place.value,
                "gone": c.gone,
                "detail": c.detail,
            }
            for c in verification.checks
        ],
        "summary": verification.summary,
    }


def _summary(inventory: Inventory) -> dict[str, Any]:
    """What each service held of the series (the log's before and after)."""
    return {
        "episodes": len(inventory.episodes),
        "episode_files": sum(1 for e in inventory.episodes.values() if e.file_id is not None),
        "torrents": sorted(inventory.torrents) if inventory.torrents is not None else None,
        "jellyfin_items": len(inventory.library) if inventory.library is not None else None,
        "jellyseerr_status": inventory.seerr.season_status if inventory.seerr else None,
        "shoko_files": len(inventory.shoko) if inventory.shoko is not None else None,
        "unread": [place.value for place in inventory.unread],
    }
