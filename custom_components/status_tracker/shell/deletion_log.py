"""The deletion logs: every deletion's record, kept in a Store across restarts.

Bounded by count and age (options); newest first when read. A file this version cannot read is
set aside like the tracker's memory, never in the way of the entry.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Final

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import UnsupportedStorageVersionError
from homeassistant.helpers.storage import Store
from homeassistant.util import dt as dt_util

from custom_components.status_tracker.const import DOMAIN, LOGGER

STORE_VERSION: Final = 1


class DeletionLog:
    """The entry's deletion logs."""

    def __init__(
        self, hass: HomeAssistant, entry_id: str, *, max_entries: int, max_age: timedelta
    ) -> None:
        """``.storage/status_tracker.<entry_id>.deletions``."""
        self._store: Store[dict[str, Any]] = Store(
            hass, STORE_VERSION, f"{DOMAIN}.{entry_id}.deletions"
        )
        self._max_entries = max(max_entries, 1)
        self._max_age = max_age
        self._records: list[dict[str, Any]] = []

    async def async_load(self) -> None:
        """Read the stored logs (a file of another shape starts an empty log)."""
        try:
            stored: object = await self._store.async_load()
        except (UnsupportedStorageVersionError, NotImplementedError, TypeError, ValueError) as err:
            LOGGER.warning("The stored deletion logs are unreadable (%s); starting afresh", err)
            return
        records = stored.get("records") if isinstance(stored, dict) else None
        if isinstance(records, list):
            self._records = [r for r in records if isinstance(r, dict) and "finished" in r]

    async def async_add(self, record: dict[str, Any]) -> None:
        """Keep one deletion's record (written at once: it is the only trace of what happened)."""
        self._records.insert(0, record)
        self._prune(dt_util.utcnow())
        await self._store.async_save({"records": self._records})

    async def async_remove(self) -> None:
        """Forget every log (the entry is removed)."""
        await self._store.async_remove()

    @property
    def last(self) -> dict[str, Any] | None:
        """The newest record."""
        return self._records[0] if self._records else None

    def query(
        self,
        *,
        series_id: int | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int | None = None,
    ) -> list[dict[str, Any]]:
        """Records newest first, of one series and within a time span when asked."""
        found: list[dict[str, Any]] = []
        for record in self._records:
            finished = dt_util.parse_datetime(str(record.get("finished", "")))
            if series_id is not None and record.get("series_id") != series_id:
                continue
            if since is not None and (finished is None or finished < since):
                continue
            if until is not None and (finished is None or finished > until):
                continue
            found.append(record)
            if limit is not None and len(found) >= limit:
                break
        return found

    def _prune(self, now: datetime) -> None:
        horizon = now - self._max_age
        kept = [
            r
            for r in self._records
            if (moment := dt_util.parse_datetime(str(r.get("finished", "")))) is not None
            and moment >= horizon
        ]
        self._records = kept[: self._max_entries]


def brief(record: dict[str, Any]) -> dict[str, Any]:
    """A deletion as a request's timeline shows it (the full record is in the logs)."""
    return {
        "finished": record.get("finished"),
        "plan_id": record.get("plan_id"),
        "cascade": bool((record.get("request") or {}).get("cascade")),
        "episodes_deleted": list(record.get("episodes_deleted", ())),
        "episodes_failed": list(record.get("episodes_failed", ())),
        "summary": record.get("summary"),
    }
