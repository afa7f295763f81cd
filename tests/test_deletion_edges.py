"""Deletion when things go wrong: unreadable services, stale plans, steps that lie or crash,
and every way of naming (or misnaming) a request."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from unittest.mock import AsyncMock, MagicMock, patch

from freezegun.api import FrozenDateTimeFactory
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import device_registry as dr, entity_registry as er
import pytest

from custom_components.status_tracker.clients import CannotConnect
from custom_components.status_tracker.const import DOMAIN
from custom_components.status_tracker.shell.connection import async_release
from custom_components.status_tracker.shell.deletion_runner import MAX_PLANS
from tests.support.deletion_stack import HOSHI, MERIDIAN, Stack


def _runner(stack: Stack) -> Any:
    return stack.entry.runtime_data.deletions.runner


async def test_a_service_that_cannot_be_read_is_left_alone(stack: Stack) -> None:
    """Jellyfin down while planning: the plan warns and plans nothing there; the rest runs."""
    stack.jellyfin.set_behaviour("500", path="/Items")
    plan = await stack.plan(series_id=HOSHI, absolute=[13])
    assert "jellyfin could not be read: nothing of it is planned" in plan["warnings"]
    assert "jellyfin" not in {s["service"] for s in plan["steps"]}
    record = await stack.delete(plan["plan_id"])
    assert record["before"]["unread"] == ["jellyfin"]
    assert record["episodes_deleted"] == ["S02E01"]
    assert not stack.torrents.hoshi[13].content_path.exists()


@pytest.mark.parametrize(
    ("fake", "path"), [("jellyseerr", "/api/v1/tv"), ("shoko", "/api/v3/Tmdb")]
)
async def test_optional_services_that_cannot_be_read_are_named(
    stack: Stack, fake: str, path: str
) -> None:
    """Jellyseerr or Shoko down: warned about, not touched."""
    server = stack.jellyseerr if fake == "jellyseerr" else stack.shoko
    server.set_behaviour("401", path=path)
    plan = await stack.plan(series_id=HOSHI, cascade=True)
    assert f"{fake} could not be read: nothing of it is planned" in plan["warnings"]
    assert fake not in {s["service"] for s in plan["steps"]}


async def test_qbittorrent_that_cannot_be_read_is_left_alone(stack: Stack) -> None:
    """qBittorrent unreachable while planning: no torrent is planned, a warning says why."""
    client = stack.entry.runtime_data.clients.qbittorrent
    with patch.object(client, "torrents_info", AsyncMock(side_effect=CannotConnect("gone"))):
        plan = await stack.plan(series_id=HOSHI, absolute=[13])
    assert "qbittorrent could not be read: nothing of it is planned" in plan["warnings"]
    assert "qbittorrent" not in {s["service"] for s in plan["steps"]}


async def test_shoko_found_by_tvdb_when_it_has_no_tmdb_link(stack: Stack) -> None:
    """No TMDB id: Shoko's series are found through its series list by TVDB id."""
    stack.sonarr.series[HOSHI]["tmdbId"] = 0
    plan = await stack.plan(series_id=HOSHI, absolute=[13])
    (forget,) = [s for s in plan["steps"] if s["service"] == "shoko"]
    assert forget["targets"] == ["13001"]


async def test_a_plan_expires(stack: Stack, freezer: FrozenDateTimeFactory) -> None:
    """A plan older than 15 minutes is not run, even when nothing changed."""
    plan = await stack.plan(series_id=MERIDIAN, episodes=["S01E01"])
    freezer.tick(timedelta(minutes=16))
    with pytest.raises(ServiceValidationError) as raised:
        await stack.delete(plan["plan_id"])
    assert raised.value.translation_key == "plan_outdated"
    assert not stack.sonarr.deleted_episode_files


async def test_only_the_latest_plans_are_kept(stack: Stack) -> None:
    """At most MAX_PLANS plans wait for their execution; the oldest is forgotten first."""
    ids = [(await stack.plan(series_id=HOSHI, absolute=[n]))["plan_id"] for n in range(1, 18)] + [
        (await stack.plan(series_id=MERIDIAN, episodes=[f"S01E0{n}"]))["plan_id"]
        for n in range(1, 5)
    ]
    assert len(set(ids)) == MAX_PLANS + 1
    assert not _runner(stack).knows(ids[0])
    assert all(_runner(stack).knows(plan_id) for plan_id in ids[1:])


async def test_sonarr_that_keeps_monitoring_is_a_failed_step(stack: Stack) -> None:
    """Sonarr accepts the unmonitor but still monitors: said so, the rest still runs."""
    client = stack.entry.runtime_data.clients.sonarr
    plan = await stack.plan(series_id=HOSHI, absolute=[13])
    with patch.object(client, "set_episodes_monitored", AsyncMock()):
        record = await stack.delete(plan["plan_id"])
    (unmonitor,) = [s for s in record["steps"] if s["action"] == "unmonitor"]
    assert not unmonitor["ok"]
    assert unmonitor["message"] == f"Sonarr still monitors episodes [{HOSHI * 100 + 13}]"
    assert all(s["ok"] for s in record["steps"] if s["action"] != "unmonitor")
    assert record["episodes_failed"] == ["S02E01"]
    assert "Sonarr still has S02E01" in record["summary"]


async def test_sonarr_failing_to_delete_files_keeps_jellyfin_untold(stack: Stack) -> None:
    """The files are still there: Jellyfin is not told they are gone, nor asked to delete."""
    stack.sonarr.set_behaviour("500", path="/api/v3/episodefile/bulk")
    plan = await stack.plan(series_id=HOSHI, absolute=[13])
    record = await stack.delete(plan["plan_id"])
    library = next(s for s in record["steps"] if s["service"] == "jellyfin")
    assert library["ok"]
    assert library["message"].endswith("Sonarr did not delete the files, Jellyfin keeps them")
    assert not stack.jellyfin.media_updates
    assert not stack.jellyfin.deleted_items
    shoko = next(s for s in record["steps"] if s["service"] == "shoko")
    assert shoko["message"] == "skipped: Sonarr did not delete the files, Shoko keeps them"
    assert not stack.shoko.deleted_files


async def test_a_crashing_step_is_logged_and_stops_nothing(stack: Stack) -> None:
    """A bug in one step (not a service error) fails that step only; the record is kept."""
    client = stack.entry.runtime_data.clients.shoko
    plan = await stack.plan(series_id=HOSHI, absolute=[13])
    with patch.object(client, "remove_file", AsyncMock(side_effect=KeyError("ID"))):
        record = await stack.delete(plan["plan_id"])
    (shoko,) = [s for s in record["steps"] if s["service"] == "shoko"]
    assert shoko["message"] == "unexpected error: KeyError('ID')"
    assert all(s["ok"] for s in record["steps"] if s["service"] != "shoko")
    logs = (await stack.call("get_deletion_logs", {}))["logs"]
    assert [r["plan_id"] for r in logs] == [plan["plan_id"]]


async def test_a_deletion_sonarr_cannot_confirm_is_not_called_done(stack: Stack) -> None:
    """Sonarr unreachable right after the steps: the record says it could not verify."""
    runner = _runner(stack)
    run = runner._async_run

    async def run_then_lose_sonarr(plan: Any) -> Any:
        outcomes = await run(plan)
        stack.sonarr.set_behaviour("500")
        return outcomes

    plan = await stack.plan(series_id=HOSHI, absolute=[13])
    with patch.object(runner, "_async_run", run_then_lose_sonarr):
        record = await stack.delete(plan["plan_id"])
    stack.sonarr.set_behaviour(None)
    assert record["episodes_deleted"] == []
    assert record["episodes_failed"] == ["S02E01"]
    assert record["summary"].startswith("Not verified: Sonarr could not be read")


async def test_planning_a_series_sonarr_does_not_know(stack: Stack) -> None:
    """A series id Sonarr does not have: the read fails, translated, nothing planned."""
    from homeassistant.exceptions import HomeAssistantError

    with pytest.raises(HomeAssistantError) as raised:
        await stack.plan(series_id=999, cascade=True)
    assert raised.value.translation_key == "deletion_read_failed"


async def test_season_and_absolute_numbers_as_text(stack: Stack) -> None:
    """The UI's text fields send numbers as text, one or several separated by commas."""
    plan = await stack.plan(series_id=HOSHI, seasons="2")
    assert plan["episodes"] == [f"S02E0{n}" for n in range(1, 9)]
    plan = await stack.plan(series_id=HOSHI, absolute="13, 14")
    assert plan["episodes"] == ["S02E01", "S02E02"]
    plan = await stack.plan(series_id=HOSHI, seasons=[2.0])
    assert plan["request"]["seasons"] == [2]
    with pytest.raises(ServiceValidationError) as raised:
        await stack.plan(series_id=HOSHI, seasons=0)  # the specials: Hoshi has none
    assert raised.value.translation_placeholders == {"detail": "season 0"}


async def test_a_request_is_named_by_any_of_its_entities(stack: Stack) -> None:
    """An entity of the request (its status sensor) names the request."""
    registry = er.async_get(stack.hass)
    entity_id = registry.async_get_entity_id(
        "sensor", DOMAIN, f"{stack.entry.entry_id}_{MERIDIAN}_status"
    )
    assert entity_id is not None
    plan = await stack.plan(entity_id=[entity_id], episodes=["S01E01"])
    assert plan["series_id"] == MERIDIAN


@pytest.mark.parametrize(
    ("target", "key"),
    [
        ({"entity_id": "sun.sun"}, "not_a_request"),
        ({"device_id": "0123456789abcdef"}, "not_a_request"),
        ({"device_id": ["a", "b"]}, "one_target"),
        ({}, "target_required"),
    ],
)
async def test_a_request_misnamed(stack: Stack, target: dict[str, Any], key: str) -> None:
    """Anything but one request of a loaded entry is refused, translated."""
    with pytest.raises(ServiceValidationError) as raised:
        await stack.plan(episodes=["S01E01"], **target)
    assert raised.value.translation_key == key


async def test_the_entry_device_is_not_a_request(stack: Stack) -> None:
    """The entry's own device holds no series."""
    device = dr.async_get(stack.hass).async_get_device_by_identifier(
        (DOMAIN, stack.entry.entry_id), stack.entry.entry_id
    )
    assert device is not None
    with pytest.raises(ServiceValidationError) as raised:
        await stack.plan(device_id=device.id, episodes=["S01E01"])
    assert raised.value.translation_key == "not_a_request"


async def test_a_request_of_an_unloaded_entry(stack: Stack) -> None:
    """A request's device while its entry is unloaded: not loaded, translated."""
    device = dr.async_get(stack.hass).async_get_device_by_identifier(
        (DOMAIN, f"{stack.entry.entry_id}_{MERIDIAN}"), stack.entry.entry_id
    )
    assert device is not None
    assert await stack.hass.config_entries.async_unload(stack.entry.entry_id)
    with pytest.raises(ServiceValidationError) as raised:
        await stack.plan(device_id=device.id, episodes=["S01E01"])
    assert raised.value.translation_key == "not_loaded"
    with pytest.raises(ServiceValidationError) as raised:
        await stack.call("get_deletion_logs", {})
    assert raised.value.translation_key == "not_loaded"
    assert await stack.hass.config_entries.async_setup(stack.entry.entry_id)


async def test_logout_once_home_assistant_closed_its_pool() -> None:
    """Stopping: the shared pool is closed already; the logout is skipped, nothing raised."""
    client = MagicMock()
    client.logout = AsyncMock(side_effect=RuntimeError("Session is closed"))
    await async_release(client)
    client.session.detach.assert_called_once()
