"""Config flow: every step validated against real servers on 127.0.0.1, every error path."""

from __future__ import annotations

from typing import Any
from unittest.mock import patch

from homeassistant.config_entries import SOURCE_USER, ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.status_tracker.clients import IpBanned
from custom_components.status_tracker.const import DOMAIN, Service
from custom_components.status_tracker.shell import connection
from custom_components.status_tracker.shell.options import Options
from tests.support.entry import make_entry, qbittorrent_config, service_config
from tests.support.fakes.jellyfin import FakeJellyfin
from tests.support.fakes.jellyseerr import FakeJellyseerr
from tests.support.fakes.shoko import FakeShoko
from tests.support.fakes.sonarr import FakeSonarr
from tests.support.qbittorrent_nox import QbtInstance


async def _start(hass: HomeAssistant) -> dict[str, Any]:
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "user"
    return result


async def _configure(hass: HomeAssistant, result: dict[str, Any], data: Any) -> Any:
    return await hass.config_entries.flow.async_configure(result["flow_id"], data)


async def _through_jellyfin(
    hass: HomeAssistant, sonarr: FakeSonarr, qbt: QbtInstance, jellyfin: FakeJellyfin
) -> Any:
    result = await _start(hass)
    result = await _configure(hass, result, service_config(sonarr))
    assert result["step_id"] == "qbittorrent"
    result = await _configure(hass, result, qbittorrent_config(qbt))
    assert result["step_id"] == "jellyfin"
    result = await _configure(hass, result, service_config(jellyfin))
    assert result["type"] is FlowResultType.MENU
    assert result["step_id"] == "extras"
    return result


@pytest.mark.parametrize(
    ("instance_name", "taken", "title"),
    [
        ("Media Box", False, "Media Box"),
        ("", False, "127.0.0.1"),
        ("Sonarr", True, "Sonarr (127.0.0.1)"),
    ],
)
async def test_entry_title_is_short_and_meaningful(
    hass: HomeAssistant,
    sonarr_server: FakeSonarr,
    qbittorrent: QbtInstance,
    jellyfin_server: FakeJellyfin,
    instance_name: str,
    taken: bool,
    title: str,
) -> None:
    """Sonarr's instance name, else its host; the host added when the name is taken."""
    if taken:
        MockConfigEntry(domain=DOMAIN, title="Sonarr", unique_id="http://other:8989").add_to_hass(
            hass
        )
    sonarr_server.system_status["instanceName"] = instance_name
    result = await _through_jellyfin(hass, sonarr_server, qbittorrent, jellyfin_server)
    with patch("custom_components.status_tracker.async_setup_entry", return_value=True):
        result = await _configure(hass, result, {"next_step_id": "finish"})
    assert result["title"] == title


async def test_entry_title_falls_back_to_the_host(
    hass: HomeAssistant,
    sonarr_server: FakeSonarr,
    qbittorrent: QbtInstance,
    jellyfin_server: FakeJellyfin,
) -> None:
    """Sonarr not answering at the very end: the host names the entry."""
    result = await _through_jellyfin(hass, sonarr_server, qbittorrent, jellyfin_server)
    sonarr_server.set_behaviour("500", path="/api/v3/system/status")
    with patch("custom_components.status_tracker.async_setup_entry", return_value=True):
        result = await _configure(hass, result, {"next_step_id": "finish"})
    assert result["title"] == "127.0.0.1"


async def test_full_flow_with_optional_services(
    hass: HomeAssistant,
    sonarr_server: FakeSonarr,
    qbittorrent: QbtInstance,
    jellyfin_server: FakeJellyfin,
    jellyseerr_server: FakeJellyseerr,
    shoko_server: FakeShoko,
) -> None:
    """Sonarr → qBittorrent → Jellyfin → Jellyseerr → Shoko → finish creates a loaded entry."""
    result = await _through_jellyfin(hass, sonarr_server, qbittorrent, jellyfin_server)
    assert result["menu_options"] == ["jellyseerr", "shoko", "finish"]
    result = await _configure(hass, result, {"next_step_id": "jellyseerr"})
    assert result["step_id"] == "jellyseerr"
    result = await _configure(hass, result, service_config(jellyseerr_server))
    assert result["menu_options"] == ["shoko", "finish"]
    result = await _configure(hass, result, {"next_step_id": "shoko"})
    result = await _configure(hass, result, service_config(shoko_server))
    assert result["menu_options"] == ["finish"]
    result = await _configure(hass, result, {"next_step_id": "finish"})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "Sonarr"  # its instance name: it names every entity of the entry
    assert result["data"] == {
        "sonarr": service_config(sonarr_server),
        "qbittorrent": qbittorrent_config(qbittorrent),
        "jellyfin": service_config(jellyfin_server),
        "jellyseerr": service_config(jellyseerr_server),
        "shoko": service_config(shoko_server),
    }
    assert result["options"] == Options().as_dict()
    entry = result["result"]
    assert entry.unique_id == f"http://127.0.0.1:{sonarr_server.port}"
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED


async def test_flow_without_optional_services(
    hass: HomeAssistant,
    sonarr_server: FakeSonarr,
    qbittorrent: QbtInstance,
    jellyfin_server: FakeJellyfin,
) -> None:
    """Jellyseerr and Shoko can be skipped."""
    result = await _through_jellyfin(hass, sonarr_server, qbittorrent, jellyfin_server)
    result = await _configure(hass, result, {"next_step_id": "finish"})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert set(result["data"]) == {"sonarr", "qbittorrent", "jellyfin"}


@pytest.mark.parametrize(
    ("url", "key", "behaviour", "error"),
    [
        ("ftp://127.0.0.1:8989", None, None, {"url": "invalid_url"}),
        ("not a url", None, None, {"url": "invalid_url"}),
        ("http://admin:hunter2@127.0.0.1:8989", None, None, {"url": "url_credentials"}),
        (None, "wrong-key", None, {"base": "invalid_auth"}),
        (None, None, "500", {"base": "cannot_connect"}),
        (None, None, "html", {"base": "unexpected_response"}),
        (None, None, "truncated", {"base": "unexpected_response"}),
        ("closed", None, None, {"base": "cannot_connect"}),
    ],
)
async def test_sonarr_errors_then_recovery(
    hass: HomeAssistant,
    sonarr_server: FakeSonarr,
    url: str | None,
    key: str | None,
    behaviour: str | None,
    error: dict[str, str],
    closed_url: str,
) -> None:
    """Each failure shows its translated error on the Sonarr step; fixing it moves on."""
    result = await _start(hass)
    bad = service_config(sonarr_server)
    if url == "closed":
        bad["url"] = closed_url
    elif url is not None:
        bad["url"] = url
    if key is not None:
        bad["api_key"] = key
    sonarr_server.behaviour = behaviour
    result = await _configure(hass, result, bad)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "user"
    assert result["errors"] == error
    sonarr_server.behaviour = None
    result = await _configure(hass, result, service_config(sonarr_server))
    assert result["step_id"] == "qbittorrent"


async def test_unexpected_exception_is_unknown(
    hass: HomeAssistant, sonarr_server: FakeSonarr
) -> None:
    """A bug in a client is reported as 'unknown', not as a crashed flow."""
    result = await _start(hass)
    with patch(
        "custom_components.status_tracker.shell.connection.async_check", side_effect=RuntimeError
    ):
        result = await _configure(hass, result, service_config(sonarr_server))
    assert result["errors"] == {"base": "unknown"}


async def test_same_sonarr_cannot_be_added_twice(
    hass: HomeAssistant, sonarr_server: FakeSonarr
) -> None:
    """The unique id is the normalised URL: case, trailing slash and default port do not matter."""
    MockConfigEntry(
        domain=DOMAIN, unique_id=f"http://127.0.0.1:{sonarr_server.port}", data={}
    ).add_to_hass(hass)
    result = await _start(hass)
    result = await _configure(
        hass,
        result,
        service_config(sonarr_server, url=f"HTTP://127.0.0.1:{sonarr_server.port}/"),
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"


async def test_qbittorrent_errors(
    hass: HomeAssistant,
    sonarr_server: FakeSonarr,
    qbittorrent: QbtInstance,
    closed_url: str,
) -> None:
    """Wrong password, nothing listening and a ban each have their own error."""
    result = await _start(hass)
    result = await _configure(hass, result, service_config(sonarr_server))
    result = await _configure(hass, result, qbittorrent_config(qbittorrent, password="wrong"))
    assert result["errors"] == {"base": "invalid_auth"}
    result = await _configure(hass, result, qbittorrent_config(qbittorrent, url=closed_url))
    assert result["errors"] == {"base": "cannot_connect"}
    with patch(
        "custom_components.status_tracker.clients.qbittorrent.QBittorrentClient.login",
        side_effect=IpBanned("banned"),
    ):
        result = await _configure(hass, result, qbittorrent_config(qbittorrent))
    assert result["errors"] == {"base": "ip_banned"}
    result = await _configure(hass, result, qbittorrent_config(qbittorrent))
    assert result["step_id"] == "jellyfin"


async def test_jellyfin_and_optional_errors(
    hass: HomeAssistant,
    sonarr_server: FakeSonarr,
    qbittorrent: QbtInstance,
    jellyfin_server: FakeJellyfin,
    jellyseerr_server: FakeJellyseerr,
    shoko_server: FakeShoko,
) -> None:
    """Errors stay on the step that failed, for the optional services too."""
    result = await _start(hass)
    result = await _configure(hass, result, service_config(sonarr_server))
    result = await _configure(hass, result, qbittorrent_config(qbittorrent))
    result = await _configure(hass, result, service_config(jellyfin_server, api_key="nope"))
    assert (result["step_id"], result["errors"]) == ("jellyfin", {"base": "invalid_auth"})
    result = await _configure(hass, result, service_config(jellyfin_server))
    result = await _configure(hass, result, {"next_step_id": "jellyseerr"})
    result = await _configure(hass, result, service_config(jellyseerr_server, api_key="nope"))
    assert (result["step_id"], result["errors"]) == ("jellyseerr", {"base": "invalid_auth"})
    result = await _configure(hass, result, service_config(jellyseerr_server))
    result = await _configure(hass, result, {"next_step_id": "shoko"})
    shoko_server.behaviour = "html"
    result = await _configure(hass, result, service_config(shoko_server))
    assert (result["step_id"], result["errors"]) == ("shoko", {"base": "unexpected_response"})


async def _loaded_entry(
    hass: HomeAssistant, entry: MockConfigEntry, state: ConfigEntryState
) -> MockConfigEntry:
    entry.add_to_hass(hass)
    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is state
    return entry


async def test_reauth_asks_only_for_failing_services(
    hass: HomeAssistant,
    sonarr_server: FakeSonarr,
    qbittorrent: QbtInstance,
    jellyfin_server: FakeJellyfin,
    jellyseerr_server: FakeJellyseerr,
) -> None:
    """Sonarr and Jellyfin keys went stale; qBittorrent and Jellyseerr are not asked about."""
    entry = await _loaded_entry(
        hass,
        make_entry(
            service_config(sonarr_server, api_key="old"),
            qbittorrent_config(qbittorrent),
            service_config(jellyfin_server, api_key="old"),
            jellyseerr=service_config(jellyseerr_server),
        ),
        ConfigEntryState.SETUP_ERROR,
    )
    flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert len(flows) == 1
    assert flows[0]["context"]["source"] == "reauth"
    result = await hass.config_entries.flow.async_configure(flows[0]["flow_id"])
    assert result["step_id"] == "reauth_confirm"
    assert result["description_placeholders"]["service"] == "Sonarr"
    assert result["errors"] == {"base": "invalid_auth"}
    assert set(result["data_schema"].schema) == {"api_key"}

    result = await _configure(hass, result, {"api_key": "still-wrong"})
    assert result["description_placeholders"]["service"] == "Sonarr"
    assert result["errors"] == {"base": "invalid_auth"}
    result = await _configure(hass, result, {"api_key": sonarr_server.api_key})
    assert result["description_placeholders"]["service"] == "Jellyfin"
    result = await _configure(hass, result, {"api_key": jellyfin_server.api_key})
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"
    assert entry.data["sonarr"]["api_key"] == sonarr_server.api_key
    assert entry.data["jellyfin"]["api_key"] == jellyfin_server.api_key
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED


async def test_reauth_for_qbittorrent_asks_username_and_password(
    hass: HomeAssistant,
    sonarr_server: FakeSonarr,
    qbittorrent: QbtInstance,
    jellyfin_server: FakeJellyfin,
) -> None:
    """QBittorrent's credentials are a user name and a password, not a key."""
    entry = make_entry(
        service_config(sonarr_server),
        qbittorrent_config(qbittorrent, password="old"),
        service_config(jellyfin_server),
    )
    entry.add_to_hass(hass)
    result = await entry.start_reauth_flow(hass)
    assert result["step_id"] == "reauth_confirm"
    assert result["description_placeholders"]["service"] == "qBittorrent"
    assert set(result["data_schema"].schema) == {"username", "password"}
    result = await _configure(
        hass, result, {"username": qbittorrent.username, "password": qbittorrent.password}
    )
    assert result["reason"] == "reauth_successful"
    assert entry.data["qbittorrent"]["password"] == qbittorrent.password


async def test_reauth_when_everything_works_again(
    hass: HomeAssistant,
    sonarr_server: FakeSonarr,
    qbittorrent: QbtInstance,
    jellyfin_server: FakeJellyfin,
) -> None:
    """Nothing to ask: the flow finishes at once."""
    entry = make_entry(
        service_config(sonarr_server),
        qbittorrent_config(qbittorrent),
        service_config(jellyfin_server),
    )
    entry.add_to_hass(hass)
    result = await entry.start_reauth_flow(hass)
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"


async def _reconfigure(hass: HomeAssistant, entry: MockConfigEntry, service: str) -> Any:
    result = await entry.start_reconfigure_flow(hass)
    assert result["type"] is FlowResultType.MENU
    assert result["menu_options"] == [
        "reconfigure_sonarr",
        "reconfigure_qbittorrent",
        "reconfigure_jellyfin",
        "reconfigure_jellyseerr",
        "reconfigure_shoko",
    ]
    result = await _configure(hass, result, {"next_step_id": f"reconfigure_{service}"})
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == f"reconfigure_{service}"
    return result


@pytest.fixture
async def loaded_entry(
    hass: HomeAssistant,
    sonarr_server: FakeSonarr,
    qbittorrent: QbtInstance,
    jellyfin_server: FakeJellyfin,
    jellyseerr_server: FakeJellyseerr,
) -> MockConfigEntry:
    """An entry with Jellyseerr, set up against the running servers."""
    return await _loaded_entry(
        hass,
        make_entry(
            service_config(sonarr_server),
            qbittorrent_config(qbittorrent),
            service_config(jellyfin_server),
            jellyseerr=service_config(jellyseerr_server),
        ),
        ConfigEntryState.LOADED,
    )


async def test_reconfigure_sonarr_url_moves_the_unique_id(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, sonarr_server: FakeSonarr
) -> None:
    """The same Sonarr reached by another spelling of its URL: validated, id follows."""
    result = await _reconfigure(hass, loaded_entry, "sonarr")
    new_url = f"http://127.0.0.1:{sonarr_server.port}/"
    result = await _configure(hass, result, service_config(sonarr_server, url=new_url))
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert loaded_entry.data["sonarr"]["url"] == new_url


async def test_reconfigure_sonarr_errors_and_duplicates(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, sonarr_server: FakeSonarr
) -> None:
    """A wrong key keeps the form; another entry's Sonarr aborts."""
    result = await _reconfigure(hass, loaded_entry, "sonarr")
    result = await _configure(hass, result, service_config(sonarr_server, api_key="wrong"))
    assert result["errors"] == {"base": "invalid_auth"}

    other = MockConfigEntry(
        domain=DOMAIN, unique_id=f"http://127.0.0.1:{sonarr_server.port}/elsewhere", data={}
    )
    other.add_to_hass(hass)
    result = await _configure(
        hass,
        result,
        service_config(sonarr_server, url=f"{sonarr_server.url}/elsewhere"),
    )
    # The fake answers below any prefix only when configured for it; a 404 is an API error.
    assert result["errors"] == {"base": "unexpected_response"}
    with patch("custom_components.status_tracker.config_flow.async_validate", return_value=None):
        result = await _configure(
            hass, result, service_config(sonarr_server, url=f"{sonarr_server.url}/elsewhere")
        )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"


async def test_reconfigure_removes_and_adds_optional_services(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, shoko_server: FakeShoko
) -> None:
    """An empty URL removes Jellyseerr; Shoko can be added later."""
    result = await _reconfigure(hass, loaded_entry, "jellyseerr")
    result = await _configure(hass, result, {"url": "", "api_key": "x"})
    assert result["reason"] == "reconfigure_successful"
    assert "jellyseerr" not in loaded_entry.data

    result = await _reconfigure(hass, loaded_entry, "shoko")
    result = await _configure(hass, result, service_config(shoko_server))
    assert result["reason"] == "reconfigure_successful"
    assert loaded_entry.data["shoko"] == service_config(shoko_server)


async def test_reconfigure_qbittorrent_and_jellyfin(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    qbittorrent: QbtInstance,
    jellyfin_server: FakeJellyfin,
) -> None:
    """Credentials are checked again before they are stored."""
    result = await _reconfigure(hass, loaded_entry, "qbittorrent")
    result = await _configure(hass, result, qbittorrent_config(qbittorrent, password="bad"))
    assert result["errors"] == {"base": "invalid_auth"}
    result = await _configure(hass, result, qbittorrent_config(qbittorrent))
    assert result["reason"] == "reconfigure_successful"

    result = await _reconfigure(hass, loaded_entry, "jellyfin")
    result = await _configure(hass, result, service_config(jellyfin_server, verify_ssl=False))
    assert result["reason"] == "reconfigure_successful"
    assert loaded_entry.data["jellyfin"]["verify_ssl"] is False


async def test_options_flow(hass: HomeAssistant, loaded_entry: MockConfigEntry) -> None:
    """Options are stored as whole numbers; poll intervals are not options (appropriate-polling)."""
    result = await hass.config_entries.options.async_init(loaded_entry.entry_id)
    assert result["type"] is FlowResultType.FORM
    webhook_id = loaded_entry.data["webhook_id"]
    assert result["description_placeholders"]["webhook_url"].endswith(f"/api/webhook/{webhook_id}")
    fields = {str(key) for key in result["data_schema"].schema}
    assert not any("interval" in field for field in fields)
    options = {
        "completed_retention_hours": 12.0,
        "episode_entities": False,
        "episode_cap": 20.0,
        "webhook_auto_register": False,
        "jellyfin_missing_hours": 3.0,
        "protection_tag": "  archive ",
        "deletion_log_max": 50.0,
        "deletion_log_days": 30.0,
    }
    result = await hass.config_entries.options.async_configure(result["flow_id"], options)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert loaded_entry.options == {
        "completed_retention_hours": 12,
        "episode_entities": False,
        "episode_cap": 20,
        "webhook_auto_register": False,
        "jellyfin_missing_hours": 3,
        "protection_tag": "archive",
        "deletion_log_max": 50,
        "deletion_log_days": 30,
    }
    await hass.async_block_till_done()
    # A cleared text field is not sent at all: no tag, no protection (not the default back).
    result = await hass.config_entries.options.async_init(loaded_entry.entry_id)
    cleared = {k: v for k, v in options.items() if k != "protection_tag"}
    result = await hass.config_entries.options.async_configure(result["flow_id"], cleared)
    assert loaded_entry.options["protection_tag"] == ""
    await hass.async_block_till_done()


async def test_migration_drops_the_poll_intervals(
    hass: HomeAssistant,
    sonarr_server: FakeSonarr,
    qbittorrent: QbtInstance,
    jellyfin_server: FakeJellyfin,
) -> None:
    """An entry of 1.1 had interval options: 1.2 drops them and keeps the others."""
    entry = make_entry(
        service_config(sonarr_server),
        qbittorrent_config(qbittorrent),
        service_config(jellyfin_server),
        options={"sonarr_interval": 45, "qbittorrent_idle_interval": 20, "episode_cap": 7},
    )
    entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(entry, minor_version=1)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.minor_version == 2
    assert "sonarr_interval" not in entry.options
    assert "qbittorrent_idle_interval" not in entry.options
    assert entry.options["episode_cap"] == 7


async def test_an_entry_of_a_newer_version_is_refused(hass: HomeAssistant) -> None:
    """A downgrade must not misread a newer entry: it stays unloaded, nothing is touched."""
    entry = make_entry()
    entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(entry, version=2)
    assert not await hass.config_entries.async_setup(entry.entry_id)
    assert entry.state is ConfigEntryState.MIGRATION_ERROR


async def test_reconfigure_never_switches_to_another_sonarr(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, start_fake: Any
) -> None:
    """A new address and a new key is another Sonarr: abort, and nothing changes."""
    other: FakeSonarr = await start_fake(FakeSonarr, url_base="/sonarr")
    before = dict(loaded_entry.data)
    result = await _reconfigure(hass, loaded_entry, "sonarr")
    result = await _configure(hass, result, service_config(other))
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "unique_id_mismatch"
    assert dict(loaded_entry.data) == before


async def test_reconfigure_follows_the_same_sonarr_to_a_new_address(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, start_fake: Any
) -> None:
    """The same Sonarr (its API key) behind a new address: the entry follows it."""
    moved: FakeSonarr = await start_fake(
        FakeSonarr, url_base="/sonarr", api_key=loaded_entry.data["sonarr"]["api_key"]
    )
    result = await _reconfigure(hass, loaded_entry, "sonarr")
    result = await _configure(hass, result, service_config(moved))
    assert result["reason"] == "reconfigure_successful"
    assert loaded_entry.unique_id == f"http://127.0.0.1:{moved.port}/sonarr"
    assert loaded_entry.data["sonarr"]["url"] == moved.url


async def test_options_name_the_webhook_path_when_home_assistants_url_is_unknown(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    """Without a known URL the form still tells which path Sonarr must post to."""
    with patch("custom_components.status_tracker.config_flow.webhook_url", return_value=None):
        result = await hass.config_entries.options.async_init(loaded_entry.entry_id)
    webhook_id = loaded_entry.data["webhook_id"]
    assert result["description_placeholders"]["webhook_url"] == (
        f"<Home Assistant URL>/api/webhook/{webhook_id}"
    )


async def test_a_flow_check_ends_its_qbittorrent_session(
    hass: HomeAssistant, qbittorrent: QbtInstance, socket_enabled: None
) -> None:
    """Each check logs in to qBittorrent with a session of its own: both end right after."""
    made: list[Any] = []
    original = connection.build_client

    def build(*args: Any, **kwargs: Any) -> Any:
        client = original(*args, **kwargs)
        made.append(client)
        return client

    with patch.object(connection, "build_client", build):
        assert (
            await connection.async_validate(
                hass, Service.QBITTORRENT, qbittorrent_config(qbittorrent)
            )
            is None
        )
        assert (
            await connection.async_validate(
                hass, Service.QBITTORRENT, qbittorrent_config(qbittorrent, password="bad")
            )
            == "invalid_auth"
        )
    assert len(made) == 2
    for client in made:
        assert client.session.closed
    # The login is over on qBittorrent's side too: its cookie no longer opens anything.
    assert made[0]._cookie is None
