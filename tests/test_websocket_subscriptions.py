"""The card's live feeds over the websocket: the whole picture first, then only what changed."""

from __future__ import annotations

import asyncio
from typing import Any

from homeassistant.helpers import device_registry as dr
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from custom_components.status_tracker.const import DOMAIN
from custom_components.status_tracker.shell.ids import request_identifier
from tests.support.deletion_stack import HARBOR, HOSHI, MERIDIAN, Stack
from tests.support.live import apply_rows_patch, apply_tree_patch, normalized

WAIT = 15.0


async def _subscribe(client: Any, message_id: int, command: str, **data: Any) -> dict[str, Any]:
    """Subscribe; the first event (or the error when refused)."""
    await client.send_json({"id": message_id, "type": f"{DOMAIN}/{command}/subscribe", **data})
    answer: dict[str, Any] = await client.receive_json()
    assert answer["id"] == message_id
    if not answer["success"]:
        return answer
    return await _event(client, message_id)


async def _event(client: Any, message_id: int) -> dict[str, Any]:
    message: dict[str, Any] = await asyncio.wait_for(client.receive_json(), WAIT)
    assert message["id"] == message_id
    assert message["type"] == "event"
    event: dict[str, Any] = message["event"]
    return event


def _ordered(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(rows, key=lambda r: (r["entry_id"], r["series_id"]))


async def _tree_now(stack: Stack, series_id: int) -> dict[str, Any]:
    answer: dict[str, Any] = await stack.call("get_request", {"series_id": series_id})
    return answer


async def test_one_request_full_then_only_what_the_deletion_changed(
    stack: Stack, hass_ws_client: WebSocketGenerator
) -> None:
    """The tree is get_request's; a deletion sends its episode and figures, never the rest."""
    client = await hass_ws_client(stack.hass)
    first = await _subscribe(client, 1, "request", series_id=MERIDIAN)
    tree = normalized(first["full"])
    assert first["full"] == await _tree_now(stack, MERIDIAN)
    untouched = {
        row["episode_id"]
        for season in tree["seasons"]
        for row in season["episodes"]
        if row["episode"] != 8
    }

    plan = await stack.plan(series_id=MERIDIAN, episodes=["S01E08"])
    await stack.delete(plan["plan_id"])
    expected = normalized(await _tree_now(stack, MERIDIAN))
    sent: list[dict[str, Any]] = []
    while tree != expected:
        event = await _event(client, 1)
        sent.append(event["patch"])
        tree = apply_tree_patch(tree, event["patch"])

    assert tree["deletions"][0]["plan_id"] == plan["plan_id"]
    assert all("seasons" not in patch.get("changed", {}) for patch in sent)
    moved = {row["episode_id"] for patch in sent for row in patch.get("episodes", ())}
    moved |= {eid for patch in sent for eid in patch.get("removed", ())}
    assert moved
    assert not moved & untouched


async def test_every_request_full_then_the_changed_row(
    stack: Stack, hass_ws_client: WebSocketGenerator
) -> None:
    """One row per request of the entry; after a deletion only the deleted series' row."""
    client = await hass_ws_client(stack.hass)
    rows = (await _subscribe(client, 1, "requests"))["full"]
    assert {(r["entry_id"], r["series_id"]) for r in rows} == {
        (stack.entry.entry_id, series) for series in (HARBOR, HOSHI, MERIDIAN)
    }
    harbor = next(r for r in rows if r["series_id"] == HARBOR)
    assert harbor["title"] == "Harbor Lights"
    assert harbor["episodes_total"] > 0

    plan = await stack.plan(series_id=HOSHI, absolute=[13])
    await stack.delete(plan["plan_id"])
    patch = (await _event(client, 1))["patch"]

    assert [row["series_id"] for row in patch["changed"]] == [HOSHI]
    rows = apply_rows_patch(rows, patch)
    fresh = await hass_ws_client(stack.hass)
    assert _ordered(rows) == _ordered((await _subscribe(fresh, 1, "requests"))["full"])


async def test_a_reload_is_followed(stack: Stack, hass_ws_client: WebSocketGenerator) -> None:
    """Unloaded: the request is gone and the rows removed; loaded again: back, and followed."""
    client = await hass_ws_client(stack.hass)
    tree = (await _subscribe(client, 1, "request", series_id=HARBOR))["full"]
    rows = (await _subscribe(client, 2, "requests"))["full"]

    assert await stack.hass.config_entries.async_reload(stack.entry.entry_id)
    await stack.hass.async_block_till_done()

    events: list[dict[str, Any]] = []
    emptied = False
    while not (events and "full" in events[-1] and len(rows) == 3):
        message = await asyncio.wait_for(client.receive_json(), WAIT)
        if message["id"] == 1:
            events.append(message["event"])
        else:
            rows = apply_rows_patch(rows, message["event"]["patch"])
            emptied |= not rows
    assert events[0] == {"gone": True}
    assert events[-1]["full"]["series_id"] == HARBOR
    assert events[-1]["full"]["seasons"] == tree["seasons"]
    assert emptied
    assert {r["series_id"] for r in rows} == {HARBOR, HOSHI, MERIDIAN}

    # The new coordinator is the one followed now.
    plan = await stack.plan(series_id=HARBOR, episodes=["S01E01"])
    await stack.delete(plan["plan_id"])
    while (message := await asyncio.wait_for(client.receive_json(), WAIT))["id"] != 1:
        pass
    assert message["event"]["patch"]["changed"]["deletions"][0]["plan_id"] == plan["plan_id"]


async def test_by_device_and_for_non_admins(
    stack: Stack, hass_ws_client: WebSocketGenerator, hass_read_only_access_token: str
) -> None:
    """Reading is not deleting: any user may follow a request, named by its device."""
    entry_id = stack.entry.entry_id
    device = dr.async_get(stack.hass).async_get_device_by_identifier(
        (DOMAIN, request_identifier(entry_id, HOSHI)), entry_id
    )
    assert device is not None
    client = await hass_ws_client(stack.hass, hass_read_only_access_token)
    first = await _subscribe(client, 1, "request", device_id=device.id)
    assert first["full"]["series_id"] == HOSHI


async def test_unsubscribing_stops_listening(
    stack: Stack, hass_ws_client: WebSocketGenerator
) -> None:
    """The coordinator's listener and the entry watch go with the subscription."""
    coordinator = stack.entry.runtime_data.coordinator
    client = await hass_ws_client(stack.hass)
    listening = len(coordinator._listeners)
    await _subscribe(client, 1, "request", series_id=HOSHI)
    await _subscribe(client, 2, "requests")
    assert len(coordinator._listeners) == listening + 2

    for number, subscription in ((3, 1), (4, 2)):
        await client.send_json(
            {"id": number, "type": "unsubscribe_events", "subscription": subscription}
        )
        answer = await client.receive_json()
        assert answer["success"]
    assert len(coordinator._listeners) == listening


async def test_a_target_naming_no_request_is_a_translated_error(
    stack: Stack, hass_ws_client: WebSocketGenerator
) -> None:
    """An unknown series, a missing target, an unknown entry: the card hears why."""
    client = await hass_ws_client(stack.hass)
    cases: list[tuple[dict[str, Any], str]] = [
        ({"series_id": 999}, "request_not_found"),
        ({}, "target_required"),
        ({"device_id": "nope"}, "not_a_request"),
    ]
    for number, (data, key) in enumerate(cases, start=1):
        answer = await _subscribe(client, number, "request", **data)
        assert not answer["success"]
        assert answer["error"]["code"] == "service_validation_error"
        assert answer["error"]["translation_key"] == key
        assert answer["error"]["translation_domain"] == DOMAIN


async def test_nothing_changed_sends_nothing(
    stack: Stack, hass_ws_client: WebSocketGenerator
) -> None:
    """A publication with the same picture, another integration's entry: no event at all."""
    client = await hass_ws_client(stack.hass)
    await _subscribe(client, 1, "request", series_id=HOSHI)
    await _subscribe(client, 2, "requests")

    stack.entry.runtime_data.coordinator.async_update_listeners()
    other = MockConfigEntry(domain="another_integration")
    other.add_to_hass(stack.hass)
    stack.hass.config_entries.async_update_entry(other, title="renamed")
    await stack.hass.async_block_till_done()

    # The next message is the answer to a ping: nothing was sent before it.
    await client.send_json({"id": 3, "type": "ping"})
    assert await asyncio.wait_for(client.receive_json(), WAIT) == {"id": 3, "type": "pong"}
