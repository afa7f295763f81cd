"""The Sonarr webhook: the HTTP handler, registration in (the fake) Sonarr, repairs, removal.

Registration runs end to end: the fake Sonarr (``send_test_on_create=True``) posts its Test event
to the URL it is given, as real Sonarr does, and refuses to save with a 400 when that fails. Home
Assistant's test HTTP server listens on a real loopback port, so pointing ``internal_url`` at it
lets the Test event reach our handler through Home Assistant's webhook component.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
import logging
from types import SimpleNamespace
from typing import Any
from unittest.mock import AsyncMock, MagicMock, patch

from aiohttp import web
from aiohttp.test_utils import TestClient
from homeassistant.components import webhook as ha_webhook
from homeassistant.const import CONF_WEBHOOK_ID
from homeassistant.core import HomeAssistant
from homeassistant.core_config import async_process_ha_core_config
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.network import NoURLAvailableError
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.status_tracker.clients import ApiError
from custom_components.status_tracker.clients.payloads.sonarr_webhook import parse_sonarr_webhook
from custom_components.status_tracker.clients.sonarr import SonarrClient
from custom_components.status_tracker.const import DOMAIN
from custom_components.status_tracker.shell.options import CONF_WEBHOOK_AUTO_REGISTER
from custom_components.status_tracker.shell.sonarr_connect import (
    NOTIFICATION_EVENTS,
    async_register_in_sonarr,
    async_remove_from_sonarr,
    notification_name,
)
from custom_components.status_tracker.shell.sonarr_push import (
    async_setup_webhook,
    async_unload_webhook,
    webhook_diagnostics,
)
from custom_components.status_tracker.shell.webhook_ids import ensure_webhook_id, webhook_url
from tests.support.entry import make_entry, service_config
from tests.support.fakes.fixtures import SONARR_API_KEY, StartFake
from tests.support.fakes.sonarr import FakeSonarr
from tests.support.sonarr_payloads import (
    DOWNLOAD_COMPLETE,
    DOWNLOAD_FILE,
    EPISODE_FILE_DELETE,
    GRAB,
    HEALTH,
    SERIES_DELETE,
    TEST,
)

WEBHOOK_ID = "0123456789abcdef" * 4
LOGGER_NAME = "custom_components.status_tracker"

type PostFn = Callable[..., Awaitable[Any]]


# -- fixtures --------------------------------------------------------------------------------


@pytest.fixture
async def sonarr(start_fake: StartFake) -> FakeSonarr:
    """A fake Sonarr that, like the real one, tests a webhook before saving it."""
    fake: FakeSonarr = await start_fake(
        FakeSonarr, api_key=SONARR_API_KEY, send_test_on_create=True
    )
    return fake


@pytest.fixture
async def ha_client(hass: HomeAssistant, hass_client_no_auth: ClientSessionGenerator) -> TestClient:
    """Home Assistant's HTTP server with the webhook component, on a real loopback port."""
    assert await async_setup_component(hass, "webhook", {})
    return await hass_client_no_auth()


@pytest.fixture
async def ha_url(hass: HomeAssistant, ha_client: TestClient) -> str:
    """Home Assistant's internal URL set to its test server: Sonarr's Test event gets through."""
    url = str(ha_client.make_url("/")).rstrip("/")
    await async_process_ha_core_config(hass, {"internal_url": url})
    return url


@pytest.fixture
def tracker() -> MagicMock:
    """Stand-in for the tracker coordinator: records the events handed to it."""
    stub = MagicMock()
    stub.async_handle_push = AsyncMock(return_value=None)
    return stub


def _entry(
    hass: HomeAssistant,
    sonarr: FakeSonarr | None,
    tracker: MagicMock | None = None,
    *,
    auto_register: bool = True,
    webhook_id: str | None = WEBHOOK_ID,
) -> MockConfigEntry:
    """An entry pointing at the fake Sonarr (the other services are never contacted here)."""
    sonarr_config = (
        service_config(sonarr)
        if sonarr is not None
        else {"url": "http://127.0.0.1:9", "api_key": SONARR_API_KEY}
    )
    entry = make_entry(
        sonarr_config,
        {"url": "http://127.0.0.1:9", "username": "admin", "password": "secret"},
        {"url": "http://127.0.0.1:9", "api_key": "jellyfin-key"},
    )
    entry.add_to_hass(hass)
    data = dict(entry.data)
    if webhook_id is not None:
        data[CONF_WEBHOOK_ID] = webhook_id
    options = {**entry.options, CONF_WEBHOOK_AUTO_REGISTER: auto_register}
    hass.config_entries.async_update_entry(entry, data=data, options=options)
    if tracker is not None:
        entry.runtime_data = SimpleNamespace(coordinator=tracker)
    return entry


async def _setup(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    await async_setup_webhook(hass, entry)
    await hass.async_block_till_done(wait_background_tasks=True)


def _url_field(notification: dict[str, Any]) -> Any:
    return next(f["value"] for f in notification["fields"] if f["name"] == "url")


def _issue(hass: HomeAssistant, entry: MockConfigEntry) -> ir.IssueEntry | None:
    return ir.async_get(hass).async_get_issue(DOMAIN, f"webhook_{entry.entry_id}")


async def _catcher(aiohttp_client: Any) -> tuple[str, list[dict[str, Any]]]:
    """A second tiny web server that accepts whatever is posted to it (another HA URL)."""
    received: list[dict[str, Any]] = []

    async def accept(request: web.Request) -> web.Response:
        received.append({"path": request.path, "json": await request.json()})
        return web.Response(status=200)

    app = web.Application()
    app.router.add_post("/{tail:.*}", accept)
    client = await aiohttp_client(app)
    return str(client.make_url("/")).rstrip("/"), received


# -- the handler -----------------------------------------------------------------------------


@pytest.fixture
async def post(hass: HomeAssistant, ha_client: TestClient, tracker: MagicMock) -> PostFn:
    """POST to the webhook of an entry that does not touch Sonarr (auto-registration off)."""
    entry = _entry(hass, None, tracker, auto_register=False)
    await _setup(hass, entry)

    async def send(body: Any = None, *, data: Any = None, method: str = "POST") -> Any:
        kwargs: dict[str, Any] = {"data": data} if data is not None else {"json": body}
        response = await ha_client.request(method, f"/api/webhook/{WEBHOOK_ID}", **kwargs)
        await hass.async_block_till_done(wait_background_tasks=True)
        return response

    return send


@pytest.mark.parametrize(
    "payload",
    [GRAB, DOWNLOAD_FILE, DOWNLOAD_COMPLETE, EPISODE_FILE_DELETE, SERIES_DELETE],
    ids=["grab", "download-file", "download-complete", "episode-file-delete", "series-delete"],
)
async def test_valid_events_reach_the_tracker(
    post: PostFn, tracker: MagicMock, payload: dict[str, Any]
) -> None:
    """Each event Sonarr pushes is answered 200 and handed, parsed, to the tracker."""
    response = await post(payload)
    assert response.status == 200
    tracker.async_handle_push.assert_awaited_once_with(parse_sonarr_webhook(payload))


async def test_test_event_answers_200_without_the_tracker(post: PostFn, tracker: MagicMock) -> None:
    """Sonarr's Test event is acknowledged and goes no further."""
    assert (await post(TEST)).status == 200
    tracker.async_handle_push.assert_not_called()


async def test_instance_event_answers_200_without_the_tracker(
    post: PostFn, tracker: MagicMock
) -> None:
    """A Health event (ticked by hand on our notification) is acknowledged and ignored."""
    assert (await post(HEALTH)).status == 200
    tracker.async_handle_push.assert_not_called()


@pytest.mark.parametrize(
    ("kwargs", "logged"),
    [
        ({"data": b"not json at all"}, "the body is not JSON"),
        ({"data": b"\xff\xfe\x00garbage"}, "the body is not JSON"),
        ({"data": b""}, "the body is not JSON"),
        ({"body": [GRAB]}, "payload: expected a JSON object, got array"),
        ({"body": {**GRAB, "eventType": "Exploded"}}, "unknown eventType 'Exploded'"),
        ({"body": {"eventType": "Grab"}}, "series: expected a JSON object, got null"),
        ({"body": {**DOWNLOAD_FILE, "episodeFile": None}}, "episodeFile: expected a JSON"),
    ],
    ids=["text", "binary", "empty", "array", "unknown-type", "no-series", "bad-download"],
)
async def test_malformed_bodies_get_400_and_a_debug_log(
    post: PostFn,
    tracker: MagicMock,
    caplog: pytest.LogCaptureFixture,
    kwargs: dict[str, Any],
    logged: str,
) -> None:
    """Garbage, non-JSON and unknown events: 400, a debug line, no exception, no tracker call."""
    with caplog.at_level(logging.DEBUG, logger=LOGGER_NAME):
        response = await post(**kwargs)
    assert response.status == 400
    assert logged in caplog.text
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    tracker.async_handle_push.assert_not_called()


async def test_get_is_not_allowed(post: PostFn, tracker: MagicMock) -> None:
    """Only POST is registered: Home Assistant answers 405 to a GET."""
    assert (await post(method="GET")).status == 405
    tracker.async_handle_push.assert_not_called()


async def test_answer_does_not_wait_for_the_refresh(
    hass: HomeAssistant, ha_client: TestClient, tracker: MagicMock
) -> None:
    """Sonarr gets its 200 while the tracker is still busy with the event."""
    release = asyncio.Event()
    started = asyncio.Event()

    async def slow(event: Any) -> None:
        started.set()
        await release.wait()

    tracker.async_handle_push = AsyncMock(side_effect=slow)
    entry = _entry(hass, None, tracker, auto_register=False)
    await _setup(hass, entry)
    async with asyncio.timeout(5):
        response = await ha_client.post(f"/api/webhook/{WEBHOOK_ID}", json=GRAB)
    assert response.status == 200
    assert started.is_set()
    assert not release.is_set()
    release.set()
    await hass.async_block_till_done(wait_background_tasks=True)
    tracker.async_handle_push.assert_awaited_once()


async def test_event_before_the_tracker_exists(hass: HomeAssistant, ha_client: TestClient) -> None:
    """No runtime data yet: the event is acknowledged and dropped (the next poll catches up)."""
    entry = _entry(hass, None, None, auto_register=False)
    await _setup(hass, entry)
    response = await ha_client.post(f"/api/webhook/{WEBHOOK_ID}", json=GRAB)
    assert response.status == 200


async def test_unload_unregisters(
    hass: HomeAssistant, ha_client: TestClient, tracker: MagicMock
) -> None:
    """After unload the id is unknown to Home Assistant (which still answers 200: it never
    reveals which webhooks exist) and nothing reaches the tracker."""
    entry = _entry(hass, None, tracker, auto_register=False)
    await _setup(hass, entry)
    await async_unload_webhook(hass, entry)
    response = await ha_client.post(f"/api/webhook/{WEBHOOK_ID}", json=GRAB)
    assert response.status == 200
    await hass.async_block_till_done(wait_background_tasks=True)
    tracker.async_handle_push.assert_not_called()
    # Setting up again (a reload) registers the same id without complaint.
    await _setup(hass, entry)
    assert (await ha_client.post(f"/api/webhook/{WEBHOOK_ID}", json=GRAB)).status == 200
    await hass.async_block_till_done(wait_background_tasks=True)
    tracker.async_handle_push.assert_awaited_once()


async def test_setup_twice_without_unload(
    hass: HomeAssistant, ha_client: TestClient, tracker: MagicMock
) -> None:
    """A setup retried after a failure (no unload in between) does not raise 'already defined'."""
    entry = _entry(hass, None, tracker, auto_register=False)
    await _setup(hass, entry)
    await _setup(hass, entry)
    assert (await ha_client.post(f"/api/webhook/{WEBHOOK_ID}", json=GRAB)).status == 200


# -- the webhook id ----------------------------------------------------------------------------


async def test_webhook_id_generated_once(hass: HomeAssistant) -> None:
    """An entry without a webhook id (created before webhooks existed) gets one, kept after."""
    entry = _entry(hass, None, webhook_id=None)
    assert CONF_WEBHOOK_ID not in entry.data
    await async_unload_webhook(hass, entry)  # nothing registered, nothing to do
    webhook_id = ensure_webhook_id(hass, entry)
    assert len(webhook_id) == 64
    assert entry.data[CONF_WEBHOOK_ID] == webhook_id
    assert entry.data["sonarr"]["api_key"] == SONARR_API_KEY
    assert ensure_webhook_id(hass, entry) == webhook_id


async def test_webhook_url(hass: HomeAssistant) -> None:
    """The URL to show is Home Assistant's (local first) plus the webhook path, or None."""
    entry = _entry(hass, None, webhook_id=None)
    assert webhook_url(hass, entry) is None  # no id yet
    ensure_webhook_id(hass, entry)
    await async_process_ha_core_config(
        hass,
        {"internal_url": "http://192.168.1.10:8123", "external_url": "https://ha.example.net"},
    )
    assert webhook_url(hass, entry) == (
        f"http://192.168.1.10:8123/api/webhook/{entry.data[CONF_WEBHOOK_ID]}"
    )
    with patch.object(ha_webhook, "get_url", side_effect=NoURLAvailableError):
        assert webhook_url(hass, entry) is None


async def test_webhook_diagnostics_redact_the_id(
    hass: HomeAssistant, sonarr: FakeSonarr, closed_url: str
) -> None:
    """Diagnostics show the URL's shape and the problem, never the webhook id."""
    await async_process_ha_core_config(hass, {"internal_url": closed_url})
    entry = _entry(hass, sonarr)
    assert webhook_diagnostics(hass, entry) == {
        "auto_register": True,
        "url": f"{closed_url}/api/webhook/**REDACTED**",
        "problem": None,
    }
    await _setup(hass, entry)
    diagnostics = webhook_diagnostics(hass, entry)
    assert diagnostics["problem"] == "webhook_unreachable"
    assert WEBHOOK_ID not in str(diagnostics)
    bare = _entry(hass, None, auto_register=False, webhook_id=None)
    assert webhook_diagnostics(hass, bare) == {
        "auto_register": False,
        "url": None,
        "problem": None,
    }


# -- registration in Sonarr --------------------------------------------------------------------


async def test_registers_in_sonarr(
    hass: HomeAssistant, ha_url: str, sonarr: FakeSonarr, tracker: MagicMock
) -> None:
    """Setup creates one Webhook notification; Sonarr's Test event reached Home Assistant."""
    entry = _entry(hass, sonarr, tracker)
    await _setup(hass, entry)

    assert len(sonarr.notifications) == 1
    notification = next(iter(sonarr.notifications.values()))
    assert notification["name"] == notification_name(entry)
    assert notification["name"].startswith("Home Assistant Status Tracker (")
    assert notification["implementation"] == "Webhook"
    assert notification["configContract"] == "WebhookSettings"
    fields = {f["name"]: f["value"] for f in notification["fields"]}
    assert fields == {
        "url": f"{ha_url}/api/webhook/{WEBHOOK_ID}",
        "method": 1,
        "username": "",
        "password": "",
    }
    assert all(notification[event] is True for event in NOTIFICATION_EVENTS)
    # Only what we need: no rename, series-add or health noise.
    assert not any(notification[k] for k in ("onRename", "onSeriesAdd", "onHealthIssue"))
    # The Test went through Home Assistant to our handler, which answered 200 …
    assert [t["status"] for t in sonarr.webhook_tests] == [200]
    # … without bothering the tracker.
    tracker.async_handle_push.assert_not_called()
    assert _issue(hass, entry) is None


async def test_reload_does_not_duplicate(
    hass: HomeAssistant, ha_url: str, sonarr: FakeSonarr, tracker: MagicMock
) -> None:
    """Unload + setup finds the notification up to date: no second one, no write at all."""
    entry = _entry(hass, sonarr, tracker)
    await _setup(hass, entry)
    (notification_id,) = sonarr.notifications
    await async_unload_webhook(hass, entry)
    sonarr.reset_requests()

    await _setup(hass, entry)

    assert list(sonarr.notifications) == [notification_id]
    assert [(r.method, r.path) for r in sonarr.requests] == [("GET", "/api/v3/notification")]
    assert len(sonarr.webhook_tests) == 1


async def test_url_change_updates_the_notification(
    hass: HomeAssistant,
    ha_url: str,
    sonarr: FakeSonarr,
    tracker: MagicMock,
    aiohttp_client: Any,
) -> None:
    """When Home Assistant's URL changes, the same notification is updated (PUT), not added."""
    entry = _entry(hass, sonarr, tracker)
    await _setup(hass, entry)
    (notification_id,) = sonarr.notifications
    await async_unload_webhook(hass, entry)

    new_url, received = await _catcher(aiohttp_client)
    await async_process_ha_core_config(hass, {"internal_url": new_url})
    sonarr.reset_requests()
    await _setup(hass, entry)

    assert list(sonarr.notifications) == [notification_id]
    assert _url_field(sonarr.notifications[notification_id]) == (
        f"{new_url}/api/webhook/{WEBHOOK_ID}"
    )
    assert [r.method for r in sonarr.requests] == ["GET", "PUT"]
    assert received == [
        {"path": f"/api/webhook/{WEBHOOK_ID}", "json": sonarr.webhook_tests[-1]["payload"]}
    ]


async def test_existing_notification_is_repaired_in_place(
    hass: HomeAssistant, ha_url: str, sonarr: FakeSonarr, tracker: MagicMock
) -> None:
    """Ours found by name with triggers turned off and a stale URL: fixed, its id and the
    user's extra settings (tags, headers) kept; other notifications left alone."""
    entry = _entry(hass, sonarr, tracker)
    name = notification_name(entry)
    stale = {
        "id": 900,
        "name": name,
        "implementation": "Webhook",
        "implementationName": "Webhook",
        "configContract": "WebhookSettings",
        "infoLink": "https://wiki.servarr.com/sonarr/supported#webhook",
        "fields": [
            {"order": 0, "name": "url", "value": "http://old-ha:8123/api/webhook/old"},
            {"order": 1, "name": "method", "value": 2},
            {"order": 2, "name": "username", "value": ""},
            {"order": 3, "name": "password", "value": ""},
            {"order": 4, "name": "headers", "value": [{"key": "X-Trace", "value": "1"}]},
        ],
        "tags": [3],
        **dict.fromkeys(NOTIFICATION_EVENTS, False),
        "onRename": True,
        "includeHealthWarnings": False,
    }
    others = [
        {
            "id": 901,
            "name": "Discord",
            "implementation": "Discord",
            "configContract": "DiscordSettings",
            "fields": [{"name": "webHookUrl", "value": "https://discord.example/x"}],
            "onGrab": True,
        },
        {
            "id": 902,
            "name": "Another Home Assistant",
            "implementation": "Webhook",
            "configContract": "WebhookSettings",
            "fields": [{"name": "url", "value": "http://other:8123/api/webhook/theirs"}],
            "onGrab": True,
        },
        {
            "id": 903,
            "name": "Half-configured webhook",
            "implementation": "Webhook",
            "configContract": "WebhookSettings",
            "fields": [{"name": "method", "value": 1}],
        },
    ]
    for notification in (stale, *others):
        sonarr.notifications[notification["id"]] = dict(notification)

    await _setup(hass, entry)

    assert sorted(sonarr.notifications) == [900, 901, 902, 903]
    fixed = sonarr.notifications[900]
    fields = {f["name"]: f["value"] for f in fixed["fields"]}
    assert fields["url"] == f"{ha_url}/api/webhook/{WEBHOOK_ID}"
    assert fields["method"] == 1
    assert fields["headers"] == [{"key": "X-Trace", "value": "1"}]
    assert fixed["tags"] == [3]
    assert fixed["onRename"] is True  # the user's own choice stays
    assert all(fixed[event] is True for event in NOTIFICATION_EVENTS)
    for other in others:
        assert sonarr.notifications[other["id"]] == other


async def test_duplicates_are_cleaned_up(
    hass: HomeAssistant, ha_url: str, sonarr: FakeSonarr, tracker: MagicMock
) -> None:
    """Two notifications posting to our webhook (an interrupted earlier run): one is kept."""
    entry = _entry(hass, sonarr, tracker)
    await _setup(hass, entry)
    (first_id,) = sonarr.notifications
    copy = {**sonarr.notifications[first_id], "id": 950, "name": "Leftover copy"}
    sonarr.notifications[950] = copy
    await async_unload_webhook(hass, entry)

    await _setup(hass, entry)

    assert list(sonarr.notifications) == [first_id]


async def test_unreachable_url_raises_a_repair_then_clears_it(
    hass: HomeAssistant,
    ha_client: TestClient,
    sonarr: FakeSonarr,
    tracker: MagicMock,
    closed_url: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Sonarr's test call fails (400): no notification, a repair issue with the URL, one
    warning; once Home Assistant's URL is fixed, the next setup registers and clears it."""
    await async_process_ha_core_config(hass, {"internal_url": closed_url})
    entry = _entry(hass, sonarr, tracker)
    with caplog.at_level(logging.WARNING, logger=LOGGER_NAME):
        await _setup(hass, entry)
        assert sonarr.notifications == {}
        assert sonarr.webhook_tests[0]["url"] == f"{closed_url}/api/webhook/{WEBHOOK_ID}"
        assert "error" in sonarr.webhook_tests[0]
        issue = _issue(hass, entry)
        assert issue is not None
        assert issue.translation_key == "webhook_unreachable"
        assert issue.severity is ir.IssueSeverity.WARNING
        assert not issue.is_fixable
        assert issue.translation_placeholders == {
            "title": entry.title,
            "url": f"{closed_url}/api/webhook/{WEBHOOK_ID}",
        }
        warnings = [r for r in caplog.records if "could not reach" in r.getMessage()]
        assert len(warnings) == 1

        # Still unreachable on a reload: the issue stays, the log stays quiet.
        await async_unload_webhook(hass, entry)
        await _setup(hass, entry)
        assert _issue(hass, entry) is not None
        assert len([r for r in caplog.records if "could not reach" in r.getMessage()]) == 1

    url = str(ha_client.make_url("/")).rstrip("/")
    await async_process_ha_core_config(hass, {"internal_url": url})
    await async_unload_webhook(hass, entry)
    await _setup(hass, entry)
    assert len(sonarr.notifications) == 1
    assert _issue(hass, entry) is None


async def test_external_url_tried_when_the_local_one_fails(
    hass: HomeAssistant,
    ha_url: str,
    sonarr: FakeSonarr,
    tracker: MagicMock,
    closed_url: str,
) -> None:
    """Local URL unreachable, external one fine: registered with the external one."""
    await async_process_ha_core_config(hass, {"internal_url": closed_url, "external_url": ha_url})
    entry = _entry(hass, sonarr, tracker)
    await _setup(hass, entry)
    (notification,) = sonarr.notifications.values()
    assert _url_field(notification) == f"{ha_url}/api/webhook/{WEBHOOK_ID}"
    assert [t.get("status") for t in sonarr.webhook_tests] == [None, 200]
    assert _issue(hass, entry) is None


async def test_no_url_raises_a_repair_without_touching_sonarr(
    hass: HomeAssistant, sonarr: FakeSonarr, tracker: MagicMock
) -> None:
    """Home Assistant does not know its URL: a repair with the path to use, Sonarr untouched."""
    entry = _entry(hass, sonarr, tracker)
    with patch.object(ha_webhook, "get_url", side_effect=NoURLAvailableError):
        await _setup(hass, entry)
    assert sonarr.requests == []
    issue = _issue(hass, entry)
    assert issue is not None
    assert issue.translation_key == "webhook_no_url"
    assert issue.translation_placeholders == {
        "title": entry.title,
        "path": f"/api/webhook/{WEBHOOK_ID}",
    }


@pytest.mark.parametrize("behaviour", ["500", "401", "down"])
async def test_sonarr_failure_does_not_fail_setup(
    hass: HomeAssistant,
    ha_url: str,
    sonarr: FakeSonarr,
    tracker: MagicMock,
    caplog: pytest.LogCaptureFixture,
    behaviour: str,
) -> None:
    """Sonarr itself failing: a warning, no repair (the coordinator reports Sonarr), no raise."""
    sonarr.set_behaviour(behaviour, path="/api/v3/notification")
    entry = _entry(hass, sonarr, tracker)
    with caplog.at_level(logging.WARNING, logger=LOGGER_NAME):
        await _setup(hass, entry)
    assert "Could not register the webhook in Sonarr" in caplog.text
    assert _issue(hass, entry) is None
    assert sonarr.notifications == {}


async def test_register_reports_its_outcome(
    hass: HomeAssistant, ha_url: str, sonarr: FakeSonarr, closed_url: str
) -> None:
    """``async_register_in_sonarr`` says whether Sonarr took the webhook (for a retry button)."""
    entry = _entry(hass, sonarr)
    assert await async_register_in_sonarr(hass, entry)
    assert await async_register_in_sonarr(hass, entry)  # already up to date
    await async_process_ha_core_config(hass, {"internal_url": closed_url})
    assert not await async_register_in_sonarr(hass, entry)


async def test_auto_registration_off(
    hass: HomeAssistant,
    ha_url: str,
    sonarr: FakeSonarr,
    tracker: MagicMock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Option off: Sonarr is not contacted, the log points to the options (never the secret
    URL), the URL itself is there for the options form, an old repair is dropped."""
    entry = _entry(hass, sonarr, tracker, auto_register=False)
    ir.async_create_issue(
        hass,
        DOMAIN,
        f"webhook_{entry.entry_id}",
        is_fixable=False,
        severity=ir.IssueSeverity.WARNING,
        translation_key="webhook_unreachable",
        translation_placeholders={"title": entry.title, "url": "http://x"},
    )
    with caplog.at_level(logging.INFO, logger=LOGGER_NAME):
        await _setup(hass, entry)
    assert sonarr.requests == []
    expected = f"{ha_url}/api/webhook/{WEBHOOK_ID}"
    assert "URL shown in the integration's options" in caplog.text
    assert WEBHOOK_ID not in caplog.text
    assert webhook_url(hass, entry) == expected
    assert _issue(hass, entry) is None


async def test_auto_registration_off_without_url(
    hass: HomeAssistant, sonarr: FakeSonarr, caplog: pytest.LogCaptureFixture
) -> None:
    """Option off and no known URL: the log points to the options, without the webhook id."""
    entry = _entry(hass, sonarr, auto_register=False)
    with (
        patch.object(ha_webhook, "get_url", side_effect=NoURLAvailableError),
        caplog.at_level(logging.INFO, logger=LOGGER_NAME),
    ):
        await _setup(hass, entry)
    assert "URL shown in the integration's options" in caplog.text
    assert WEBHOOK_ID not in caplog.text
    assert sonarr.requests == []


# -- entry removal ----------------------------------------------------------------------------


async def test_removal_deletes_our_notification_only(
    hass: HomeAssistant, ha_url: str, sonarr: FakeSonarr, tracker: MagicMock
) -> None:
    """Removing the entry deletes our notification (and the repair), nothing else."""
    other = {
        "id": 902,
        "name": "Another Home Assistant",
        "implementation": "Webhook",
        "configContract": "WebhookSettings",
        "fields": [{"name": "url", "value": "http://other:8123/api/webhook/theirs"}],
        "onGrab": True,
    }
    sonarr.notifications[902] = dict(other)
    entry = _entry(hass, sonarr, tracker)
    await _setup(hass, entry)
    assert len(sonarr.notifications) == 2
    await async_unload_webhook(hass, entry)

    await async_remove_from_sonarr(hass, entry)

    assert sonarr.notifications == {902: other}
    assert _issue(hass, entry) is None


async def test_removal_by_name_without_webhook_id(hass: HomeAssistant, sonarr: FakeSonarr) -> None:
    """An entry that lost its id: our notification is still found by its name."""
    entry = _entry(hass, sonarr, webhook_id=None)
    sonarr.notifications[77] = {
        "id": 77,
        "name": notification_name(entry),
        "implementation": "Webhook",
        "configContract": "WebhookSettings",
        "fields": [{"name": "url", "value": "http://ha:8123/api/webhook/abc"}],
    }
    await async_remove_from_sonarr(hass, entry)
    assert sonarr.notifications == {}


async def test_removal_never_raises(
    hass: HomeAssistant, sonarr: FakeSonarr, caplog: pytest.LogCaptureFixture
) -> None:
    """Sonarr down during removal: a warning naming what to delete by hand, no exception."""
    entry = _entry(hass, sonarr)
    sonarr.set_behaviour("down")
    with caplog.at_level(logging.WARNING, logger=LOGGER_NAME):
        await async_remove_from_sonarr(hass, entry)
    assert notification_name(entry) in caplog.text


async def test_removal_without_sonarr_config(
    hass: HomeAssistant, caplog: pytest.LogCaptureFixture
) -> None:
    """Broken entry data (no Sonarr section): still no exception."""
    entry = MockConfigEntry(domain=DOMAIN, data={CONF_WEBHOOK_ID: WEBHOOK_ID})
    entry.add_to_hass(hass)
    with caplog.at_level(logging.WARNING, logger=LOGGER_NAME):
        await async_remove_from_sonarr(hass, entry)
    assert "Could not remove the webhook" in caplog.text


async def test_other_sonarr_errors_on_save(
    hass: HomeAssistant, ha_url: str, sonarr: FakeSonarr, tracker: MagicMock
) -> None:
    """Only a 400 means "could not reach the URL"; another refusal is Sonarr's problem."""
    entry = _entry(hass, sonarr, tracker)
    refusal = ApiError("POST api/v3/notification", 404, "unexpected status")
    with patch.object(SonarrClient, "create_notification", side_effect=refusal):
        assert not await async_register_in_sonarr(hass, entry)
    assert _issue(hass, entry) is None


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
async def test_an_oversized_body_is_refused_quietly(
    post: PostFn, tracker: MagicMock, caplog: pytest.LogCaptureFixture, chunked: bool
) -> None:
    """20 MB: 413, nothing handed on, no traceback, no warning, the id in none of our lines."""
    caplog.set_level(logging.DEBUG)
    blob = b'{"eventType": "Grab", "padding": "' + b"x" * (20 * 1024 * 1024) + b'"}'

    async def stream() -> Any:
        for start in range(0, len(blob), 1 << 20):
            yield blob[start : start + (1 << 20)]

    response = await post(data=stream() if chunked else blob)
    assert response.status == 413
    tracker.async_handle_push.assert_not_awaited()
    # Home Assistant's own debug lines name every webhook; ours never do, and nothing warns.
    ours = [r for r in caplog.records if r.name.startswith(LOGGER_NAME)]
    assert ours
    assert all(WEBHOOK_ID not in r.getMessage() for r in ours)
    # (asyncio's debug-mode "Executing ... took" says how busy the machine is, not what we did.)
    warnings = [
        r
        for r in caplog.records
        if r.levelno >= logging.WARNING and not (r.name == "asyncio" and "took" in r.msg)
    ]
    assert not warnings
    # A body under the limit still goes through.
    response = await post(GRAB)
    assert response.status == 200
