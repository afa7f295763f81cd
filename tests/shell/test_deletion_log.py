"""The deletion logs' Store: bounded by count and age, queried newest first, never in the way."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
import pytest

from custom_components.status_tracker.shell.deletion_log import DeletionLog, brief

ENTRY = "01JDELETIONLOGTESTENTRY000"
KEY = f"status_tracker.{ENTRY}.deletions"


def _record(series_id: int, hours_ago: float, plan_id: str) -> dict[str, Any]:
    finished = dt_util.utcnow() - timedelta(hours=hours_ago)
    return {
        "plan_id": plan_id,
        "series_id": series_id,
        "finished": finished.isoformat(),
        "request": {"cascade": False},
        "episodes_deleted": ["S01E01"],
        "episodes_failed": [],
        "summary": "Deleted 1/1 episodes",
    }


def _log(hass: HomeAssistant, **kwargs: Any) -> DeletionLog:
    return DeletionLog(
        hass,
        ENTRY,
        max_entries=kwargs.get("max_entries", 10),
        max_age=kwargs.get("max_age", timedelta(days=90)),
    )


async def test_bounded_by_count_and_age(hass: HomeAssistant, hass_storage: dict[str, Any]) -> None:
    """The newest ``max_entries`` within ``max_age`` are kept, and written at once."""
    log = _log(hass, max_entries=3, max_age=timedelta(days=1))
    await log.async_load()
    await log.async_add(_record(1, 30, "old"))  # older than a day: dropped at once
    for n in range(4):
        await log.async_add(_record(1, 3 - n, f"p{n}"))
    assert [r["plan_id"] for r in log.query()] == ["p3", "p2", "p1"]
    assert [r["plan_id"] for r in hass_storage[KEY]["data"]["records"]] == ["p3", "p2", "p1"]
    assert log.last is not None
    assert log.last["plan_id"] == "p3"


async def test_queries(hass: HomeAssistant) -> None:
    """By series, time span and count, newest first."""
    log = _log(hass)
    await log.async_load()
    for series_id, hours, plan_id in ((1, 5, "a"), (2, 4, "b"), (1, 3, "c"), (2, 1, "d")):
        await log.async_add(_record(series_id, hours, plan_id))
    now = dt_util.utcnow()
    assert [r["plan_id"] for r in log.query(series_id=1)] == ["c", "a"]
    since = now - timedelta(hours=3.5)
    assert [r["plan_id"] for r in log.query(since=since)] == ["d", "c"]
    until = now - timedelta(hours=2)
    assert [r["plan_id"] for r in log.query(until=until)] == ["c", "b", "a"]
    assert [r["plan_id"] for r in log.query(limit=2)] == ["d", "c"]


async def test_survives_a_restart(hass: HomeAssistant, hass_storage: dict[str, Any]) -> None:
    """A new log over the same Store reads what the last one wrote."""
    log = _log(hass)
    await log.async_load()
    await log.async_add(_record(1, 1, "kept"))
    again = _log(hass)
    await again.async_load()
    assert [r["plan_id"] for r in again.query()] == ["kept"]
    await again.async_remove()
    assert KEY not in hass_storage


@pytest.mark.parametrize(
    ("stored", "kept"),
    [
        ({"version": 99, "minor_version": 1, "key": KEY, "data": {"records": []}}, []),
        ({"version": 1, "minor_version": 1, "key": KEY, "data": {"records": "nope"}}, []),
        ({"version": 1, "minor_version": 1, "key": KEY, "data": ["not", "a", "dict"]}, []),
        (
            {
                "version": 1,
                "minor_version": 1,
                "key": KEY,
                "data": {"records": [{"plan_id": "no finish"}, 7, {"finished": "x"}]},
            },
            [{"finished": "x"}],
        ),
    ],
)
async def test_an_unreadable_store_starts_afresh(
    hass: HomeAssistant,
    hass_storage: dict[str, Any],
    stored: dict[str, Any],
    kept: list[dict[str, Any]],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A file of a newer version or another shape: logged, an empty log, the entry loads."""
    hass_storage[KEY] = stored
    log = _log(hass)
    await log.async_load()
    assert log.query() == kept
    if stored["version"] == 99:
        assert "unreadable" in caplog.text


def test_brief() -> None:
    """What a request's tree shows of a deletion."""
    record = _record(1, 0, "p")
    assert brief(record) == {
        "finished": record["finished"],
        "plan_id": "p",
        "cascade": False,
        "episodes_deleted": ["S01E01"],
        "episodes_failed": [],
        "summary": "Deleted 1/1 episodes",
    }
