"""The deletion over the websocket API (the dashboard card's way): plan, execute, logs; admins."""

from __future__ import annotations

from typing import Any

from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from tests.support.deletion_stack import HOSHI, MERIDIAN, Stack


async def _send(client: Any, message_id: int, command: str, **data: Any) -> dict[str, Any]:
    await client.send_json({"id": message_id, "type": f"status_tracker/deletion/{command}", **data})
    answer: dict[str, Any] = await client.receive_json()
    assert answer["id"] == message_id
    return answer


async def test_plan_execute_and_logs(stack: Stack, hass_ws_client: WebSocketGenerator) -> None:
    """The card plans, shows the plan, executes it and reads the log back."""
    client = await hass_ws_client(stack.hass)
    planned = await _send(client, 1, "plan", series_id=MERIDIAN, episodes=["S01E08"])
    assert planned["success"]
    plan = planned["result"]
    assert plan["episodes"] == ["S01E08"]
    done = await _send(client, 2, "execute", plan_id=plan["plan_id"])
    assert done["success"]
    assert done["result"]["episodes_deleted"] == ["S01E08"]
    logs = await _send(client, 3, "logs", series_id=MERIDIAN)
    assert [r["plan_id"] for r in logs["result"]["logs"]] == [plan["plan_id"]]


async def test_mistakes_are_translated_errors(
    stack: Stack, hass_ws_client: WebSocketGenerator
) -> None:
    """A bad selection, an outdated plan, a missing target: translated, nothing touched."""
    client = await hass_ws_client(stack.hass)
    before = await stack.picture()
    cases: list[tuple[dict[str, Any], str, str]] = [
        ({"series_id": HOSHI, "episodes": ["S1E1-S2E3"]}, "plan", "selection_malformed"),
        ({"series_id": HOSHI}, "plan", "selection_empty"),
        ({"episodes": ["S01E01"]}, "plan", "target_required"),
        ({"plan_id": "feedfacefeedfacefeedface"}, "execute", "plan_outdated"),
    ]
    for number, (data, command, key) in enumerate(cases, start=1):
        answer = await _send(client, number, command, **data)
        assert not answer["success"]
        assert answer["error"]["code"] == "service_validation_error"
        assert answer["error"]["translation_key"] == key
        assert answer["error"]["translation_domain"] == "status_tracker"
    assert await stack.picture() == before


async def test_a_service_error_is_a_translated_home_assistant_error(
    stack: Stack, hass_ws_client: WebSocketGenerator
) -> None:
    """Sonarr down while planning: the card hears which service, nothing was changed."""
    client = await hass_ws_client(stack.hass)
    stack.sonarr.set_behaviour("500", path="/api/v3/series")
    answer = await _send(client, 1, "plan", series_id=HOSHI, cascade=True)
    assert not answer["success"]
    assert answer["error"]["code"] == "home_assistant_error"
    assert answer["error"]["translation_key"] == "deletion_read_failed"


async def test_non_admins_are_refused(
    stack: Stack, hass_ws_client: WebSocketGenerator, hass_read_only_access_token: str
) -> None:
    """Every deletion command needs an admin."""
    client = await hass_ws_client(stack.hass, hass_read_only_access_token)
    before = await stack.picture()
    for number, (command, data) in enumerate(
        [
            ("plan", {"series_id": HOSHI, "cascade": True}),
            ("execute", {"plan_id": "feedfacefeedfacefeedface"}),
            ("logs", {}),
        ],
        start=1,
    ):
        answer = await _send(client, number, command, **data)
        assert not answer["success"]
        assert answer["error"]["code"] == "unauthorized"
    assert await stack.picture() == before
