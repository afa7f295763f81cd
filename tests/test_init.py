"""Setup and unload: each configured service is checked, failures map to retry or reauth."""

from __future__ import annotations

from typing import Any
from unittest.mock import patch

from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.status_tracker.clients import IpBanned
from custom_components.status_tracker.const import DOMAIN, Service
from tests.support.entry import make_entry, qbittorrent_config, service_config
from tests.support.fakes.jellyfin import FakeJellyfin
from tests.support.fakes.shoko import FakeShoko
from tests.support.fakes.sonarr import FakeSonarr
from tests.support.qbittorrent_nox import QbtInstance


def _entry(
    sonarr: FakeSonarr, qbt: QbtInstance, jellyfin: FakeJellyfin, **kw: FakeShoko
) -> MockConfigEntry:
    return make_entry(
        service_config(sonarr),
        qbittorrent_config(qbt),
        service_config(jellyfin),
        **{name: service_config(server) for name, server in kw.items()},
    )


async def _setup(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    entry.add_to_hass(hass)
    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()


async def test_setup_and_unload(
    hass: HomeAssistant,
    sonarr_server: FakeSonarr,
    qbittorrent: QbtInstance,
    jellyfin_server: FakeJellyfin,
    shoko_server: FakeShoko,
) -> None:
    """A working stack loads, keeps one client per service, and unloads cleanly."""
    entry = _entry(sonarr_server, qbittorrent, jellyfin_server, shoko=shoko_server)
    await _setup(hass, entry)
    assert entry.state is ConfigEntryState.LOADED
    clients = entry.runtime_data.clients
    assert [service for service, _ in clients.configured()] == [
        "sonarr",
        "qbittorrent",
        "jellyfin",
        "shoko",
    ]
    assert clients.jellyseerr is None
    own_session = clients.qbittorrent.session
    assert not own_session.closed
    assert await hass.config_entries.async_unload(entry.entry_id)
    assert entry.state is ConfigEntryState.NOT_LOADED
    # qBittorrent's cookie-less session is ours: let go of on unload.
    assert own_session.closed


async def test_unreachable_service_retries_with_translated_reason(
    hass: HomeAssistant,
    sonarr_server: FakeSonarr,
    qbittorrent: QbtInstance,
    jellyfin_server: FakeJellyfin,
) -> None:
    """Sonarr answering 500 means 'not ready', with the service named in the reason."""
    sonarr_server.behaviour = "500"
    entry = _entry(sonarr_server, qbittorrent, jellyfin_server)
    await _setup(hass, entry)
    assert entry.state is ConfigEntryState.SETUP_RETRY
    assert entry.reason is not None
    assert entry.reason.startswith("Cannot reach Sonarr")


async def test_banned_or_unreachable_qbittorrent_starts_without_it(
    hass: HomeAssistant,
    sonarr_server: FakeSonarr,
    qbittorrent: QbtInstance,
    jellyfin_server: FakeJellyfin,
) -> None:
    """Only Sonarr is required: a banned qBittorrent is flagged down, not a failed setup."""
    entry = _entry(sonarr_server, qbittorrent, jellyfin_server)
    with patch(
        "custom_components.status_tracker.clients.qbittorrent.QBittorrentClient._do_login",
        side_effect=IpBanned("banned"),
    ):
        await _setup(hass, entry)
        assert entry.state is ConfigEntryState.LOADED
        assert entry.runtime_data.coordinator.data is not None
        assert entry.runtime_data.coordinator.data.down == frozenset({Service.QBITTORRENT})
    assert not hass.config_entries.flow.async_progress_by_handler(DOMAIN)


async def test_refused_credentials_start_reauth(
    hass: HomeAssistant,
    sonarr_server: FakeSonarr,
    qbittorrent: QbtInstance,
    jellyfin_server: FakeJellyfin,
) -> None:
    """Jellyfin refusing the key stops setup and asks the user."""
    jellyfin_server.api_key = "rotated"
    entry = _entry(sonarr_server, qbittorrent, jellyfin_server)
    jellyfin_server.api_key = "rotated-again"
    await _setup(hass, entry)
    assert entry.state is ConfigEntryState.SETUP_ERROR
    flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert [flow["context"]["source"] for flow in flows] == ["reauth"]


async def test_real_setup_creates_the_pack_request_entities(
    hass: HomeAssistant,
    sonarr_server: FakeSonarr,
    qbittorrent: QbtInstance,
    jellyfin_server: FakeJellyfin,
) -> None:
    """The real tracker feeds the real platforms: the 13-episode pack request has 17 sensors."""
    from homeassistant.helpers import device_registry as dr, entity_registry as er

    entry = _entry(sonarr_server, qbittorrent, jellyfin_server)
    await _setup(hass, entry)
    device = dr.async_get(hass).async_get_device_by_identifier(
        (DOMAIN, f"{entry.entry_id}_1"), entry.entry_id
    )
    assert device is not None
    assert device.name == "Harbor Lights"
    entities = er.async_entries_for_device(er.async_get(hass), device.id)
    assert len(entities) == 17  # status, episodes available, downloaded, ETA, 13 episodes
    status = hass.states.get(
        next(e.entity_id for e in entities if e.unique_id == f"{entry.entry_id}_1_status")
    )
    assert status is not None
    assert status.state == "downloading"
    assert await hass.config_entries.async_unload(entry.entry_id)


async def test_removing_the_entry_leaves_nothing_behind(
    hass: HomeAssistant,
    sonarr_server: FakeSonarr,
    qbittorrent: QbtInstance,
    jellyfin_server: FakeJellyfin,
    hass_storage: dict[str, Any],
) -> None:
    """Removal takes our notification out of Sonarr and deletes the stored memory."""
    entry = _entry(sonarr_server, qbittorrent, jellyfin_server)
    await _setup(hass, entry)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert await hass.config_entries.async_unload(entry.entry_id)  # writes the memory
    assert f"{DOMAIN}.{entry.entry_id}" in hass_storage
    assert await hass.config_entries.async_remove(entry.entry_id)
    await hass.async_block_till_done()
    assert f"{DOMAIN}.{entry.entry_id}" not in hass_storage
    assert sonarr_server.notifications == {}
