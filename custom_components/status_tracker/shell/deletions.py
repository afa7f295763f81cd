"""An entry's deletions as the actions and the card use them: plan, execute, logs.

Executing stores the record, fires ``status_tracker_deletion_completed``, and has the
coordinator poll at once so the request's entities follow what was deleted.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from custom_components.status_tracker.deletion import DeletionRequest

from .bus_events import EventPublisher
from .deletion_log import DeletionLog
from .deletion_runner import DeletionRunner


class Deletions:
    """Plans, runs and remembers the deletions of one entry."""

    def __init__(
        self,
        runner: DeletionRunner,
        log: DeletionLog,
        events: EventPublisher,
        refresh: Callable[[], Awaitable[Any]],
    ) -> None:
        """``refresh`` polls every source (the coordinator's)."""
        self.runner = runner
        self.log = log
        self._events = events
        self._refresh = refresh

    async def async_plan(self, request: DeletionRequest) -> dict[str, Any]:
        """The dry run's answer."""
        return (await self.runner.async_plan(request)).as_json()

    def knows(self, plan_id: str) -> bool:
        """Whether this entry made the plan."""
        return self.runner.knows(plan_id)

    async def async_execute(self, plan_id: str) -> dict[str, Any]:
        """Run a plan; its log record."""
        record = await self.runner.async_execute(plan_id)
        await self.log.async_add(record)
        self._events.deletion_completed(record)
        await self._refresh()
        return record

    def logs(
        self,
        *,
        series_id: int | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int | None = None,
    ) -> list[dict[str, Any]]:
        """Stored records, newest first."""
        return self.log.query(series_id=series_id, since=since, until=until, limit=limit)
