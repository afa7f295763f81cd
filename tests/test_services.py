"""Actions (refresh, get_request) and diagnostics against the fake stack."""

from __future__ import annotations

import re
from typing import Any
from unittest.mock import patch

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
import probatio
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from syrupy.assertion import SnapshotAssertion

from custom_components.status_tracker.const import DOMAIN
from custom_components.status_tracker.diagnostics import async_get_config_entry_diagnostics
from tests.support.clock import FROZEN_NOW, in_story_time
from tests.support.entry import make_entry, qbittorrent_config, service_config
from tests.support.fakes.jellyfin import FakeJellyfin
from tests.support.fakes.jellyseerr import FakeJellyseerr
from tests.support.fakes.sonarr import FakeSonarr
from tests.support.qbittorrent_nox import QbtInstance


@pytest.fixture(autouse=True)
def no_platforms() -> Any:
    """These tests look at actions and diagnostics, not at entities."""
    with patch("custom_components.status_tracker.PLATFORMS", []):
        yield


@pytest.fixture
async def loaded(
    hass: HomeAssistant,
    sonarr_server: FakeSonarr,
    qbittorrent: QbtInstance,
    jellyfin_server: FakeJellyfin,
    jellyseerr_server: FakeJellyseerr,
) -> MockConfigEntry:
    """The whole fake stack, set up."""
    entry = make_entry(
        service_config(sonarr_server, url=sonarr_server.url.replace("://", "://admin:hunter2@")),
        qbittorrent_config(qbittorrent),
        service_config(jellyfin_server),
        jellyseerr=service_config(jellyseerr_server),
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    return entry


async def test_get_request_returns_the_episode_tree(
    hass: HomeAssistant, loaded: MockConfigEntry
) -> None:
    """The 13-episode pack request, season by season, episode by episode."""
    tree = await hass.services.async_call(
        DOMAIN, "get_request", {"series_id": 1}, blocking=True, return_response=True
    )
    assert tree is not None
    assert tree["title"] == "Harbor Lights"
    assert tree["status"] == "downloading"
    assert [s["season"] for s in tree["seasons"]] == [1]
    episodes = tree["seasons"][0]["episodes"]
    assert [e["episode"] for e in episodes] == list(range(1, 14))
    assert {e["release_type"] for e in episodes} == {"season_pack"}
    assert tree["episodes_total"] == 13
    assert tree["downloads"][0]["release_type"] == "season_pack"


async def test_get_request_errors_are_translated(
    hass: HomeAssistant, loaded: MockConfigEntry
) -> None:
    """An unknown series or entry is a validation error with its own message."""
    with pytest.raises(ServiceValidationError) as unknown_series:
        await hass.services.async_call(
            DOMAIN, "get_request", {"series_id": 999}, blocking=True, return_response=True
        )
    assert unknown_series.value.translation_key == "request_not_found"
    with pytest.raises(ServiceValidationError) as unknown_entry:
        await hass.services.async_call(
            DOMAIN,
            "get_request",
            {"series_id": 1, "config_entry_id": "nope"},
            blocking=True,
            return_response=True,
        )
    assert unknown_entry.value.translation_domain == "homeassistant"
    assert unknown_entry.value.translation_key == "service_config_entry_not_found"
    assert await hass.config_entries.async_unload(loaded.entry_id)
    with pytest.raises(ServiceValidationError) as not_loaded:
        await hass.services.async_call(DOMAIN, "refresh", {}, blocking=True)
    assert not_loaded.value.translation_key == "not_loaded"


async def test_get_request_needs_the_entry_when_two_are_loaded(
    hass: HomeAssistant, loaded: MockConfigEntry, sonarr_server: FakeSonarr, start_fake: Any
) -> None:
    """Two Sonarrs can share a series id: with two entries, the action must name one."""
    other_sonarr: FakeSonarr = await start_fake(FakeSonarr, api_key=sonarr_server.api_key)
    other = make_entry(
        service_config(other_sonarr),
        **{k: v for k, v in loaded.data.items() if k in {"qbittorrent", "jellyfin"}},
    )
    other.add_to_hass(hass)
    assert await hass.config_entries.async_setup(other.entry_id)
    await hass.async_block_till_done()
    with pytest.raises(ServiceValidationError) as ambiguous:
        await hass.services.async_call(
            DOMAIN, "get_request", {"series_id": 1}, blocking=True, return_response=True
        )
    assert ambiguous.value.translation_key == "service_found_multiple_config_entry_for_domain"
    tree = await hass.services.async_call(
        DOMAIN,
        "get_request",
        {"series_id": 1, "config_entry_id": loaded.entry_id},
        blocking=True,
        return_response=True,
    )
    assert tree is not None
    assert tree["title"] == "Harbor Lights"


async def test_refresh_polls_every_service(
    hass: HomeAssistant,
    loaded: MockConfigEntry,
    sonarr_server: FakeSonarr,
    jellyfin_server: FakeJellyfin,
    jellyseerr_server: FakeJellyseerr,
) -> None:
    """The refresh action reaches Sonarr, Jellyfin and Jellyseerr at once."""
    for fake in (sonarr_server, jellyfin_server, jellyseerr_server):
        fake.reset_requests()
    await hass.services.async_call(
        DOMAIN, "refresh", {"config_entry_id": loaded.entry_id}, blocking=True
    )
    assert sonarr_server.requests_to("/api/v3/queue")
    assert jellyseerr_server.requests_to("/api/v1/request")
    assert jellyfin_server.requests


async def test_diagnostics_redact_secrets(
    hass: HomeAssistant,
    loaded: MockConfigEntry,
    sonarr_server: FakeSonarr,
    qbittorrent: QbtInstance,
) -> None:
    """Keys, passwords, user names and credentials inside URLs never appear."""
    diagnostics = await async_get_config_entry_diagnostics(hass, loaded)
    text = repr(diagnostics)
    for secret in (sonarr_server.api_key, qbittorrent.password, "hunter2", "admin:"):
        assert secret not in text
    # People: Jellyseerr's requesters by name or e-mail address.
    for person in ("maria", "@example.com"):
        assert person not in text
    assert diagnostics["config"]["sonarr"]["api_key"] == "**REDACTED**"
    assert "REDACTED" in diagnostics["config"]["sonarr"]["url"]
    assert diagnostics["sources"]["sonarr"]["last_update_success"] is True
    assert diagnostics["sources"]["sonarr"]["requests_last_cycle"] > 0
    assert {r["title"] for r in diagnostics["tracker"]["requests"]} == {
        "Harbor Lights",
        "Hoshi no Kakera",
        "Quiet Meridian",
    }


def _stable(value: Any, entry_id: str) -> Any:
    """Ports of the test servers and the entry id change every run; nothing else may."""
    if isinstance(value, dict):
        return {k: _stable(v, entry_id) for k, v in value.items()}
    if isinstance(value, list):
        return [_stable(v, entry_id) for v in value]
    if isinstance(value, str):
        value = in_story_time(value)
        return re.sub(r"127\.0\.0\.1:\d+", "127.0.0.1:<port>", value.replace(entry_id, "<entry>"))
    return value


@pytest.mark.freeze_time(FROZEN_NOW)  # not ticking: every "since" is exactly now
async def test_diagnostics_snapshot(
    hass: HomeAssistant, loaded: MockConfigEntry, snapshot: SnapshotAssertion
) -> None:
    """The whole diagnostics document, secrets redacted (asserted above), kept stable."""
    await hass.async_block_till_done(wait_background_tasks=True)
    diagnostics = await async_get_config_entry_diagnostics(hass, loaded)
    assert _stable(diagnostics, loaded.entry_id) == snapshot


@pytest.mark.parametrize("series_id", [1.9, True, 0, -3, "1", None], ids=str)
async def test_series_id_is_a_whole_number_of_at_least_one(
    hass: HomeAssistant, loaded: MockConfigEntry, series_id: Any
) -> None:
    """No coercion into an id the user did not type: 1.9 and true are not series 1."""
    with pytest.raises((probatio.Invalid, ServiceValidationError)):
        await hass.services.async_call(
            DOMAIN, "get_request", {"series_id": series_id}, blocking=True, return_response=True
        )
    tree = await hass.services.async_call(
        DOMAIN, "get_request", {"series_id": 1.0}, blocking=True, return_response=True
    )
    assert tree is not None
    assert tree["series_id"] == 1
