"""Shared test setup: custom integrations enabled, fake servers and real qBittorrent as plugins."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
import socket
from typing import Any

from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.syrupy import (
    HomeAssistantSnapshotExtension,
    HomeAssistantSnapshotSerializer,
)
from syrupy.assertion import SnapshotAssertion
from syrupy.location import PyTestLocation

# Imported at module level so HA's loader finds this checkout's integration before the plugin's
# testing_config/custom_components (see ../shared/TOOLCHAIN.md).
from custom_components.status_tracker.const import DOMAIN
from tests.support.clock import FROZEN_NOW
from tests.support.frontend import stand_in_frontend

pytest_plugins = [
    "tests.support.fakes.fixtures",
    "tests.support.qbittorrent_fixtures",
    "tests.support.deletion_stack",
    "tests.support.stack.fixtures",
]

assert DOMAIN == "status_tracker"

_PURE = Path(__file__).parent / "tracking"
# aiohttp's access log reads time.localtime(), whose frozen stand-in has no UTC offset.
_REAL_TIME = ["aiohttp.web_log"]


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test outside the pure core runs on the frozen clock, unless it sets its own.

    The clock ticks from ``FROZEN_NOW`` (``tick=True``): a frozen monotonic clock would stop
    asyncio's timers. The pure core takes ``now`` as an argument and needs no clock at all.
    """
    for item in items:
        if _PURE in Path(str(item.path)).parents:
            continue
        if item.get_closest_marker("freeze_time") is None:
            item.add_marker(pytest.mark.freeze_time(FROZEN_NOW, tick=True, ignore=_REAL_TIME))


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(enable_custom_integrations: None) -> None:
    """Load custom integrations from this checkout in every test."""


@pytest.fixture
async def hass(hass: HomeAssistant) -> HomeAssistant:
    """Home Assistant's test instance, its frontend a stand-in (``tests/support/frontend.py``)."""
    stand_in_frontend(hass)
    return hass


@pytest.fixture
def closed_url(socket_enabled: None) -> str:
    """A loopback URL nothing listens on (connection refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


# Taken before any test freezes the clock; freezegun replaces module attributes that are
# ``datetime``, not a tuple holding it.
_REAL_DATETIME: tuple[type[datetime]] = (datetime,)


class _Serializer(HomeAssistantSnapshotSerializer):
    """Home Assistant's serializer; a date made while the clock is frozen reads as a date."""

    @classmethod
    def _serialize(cls, data: Any, **kwargs: Any) -> str:
        real = _REAL_DATETIME[0]
        if isinstance(data, real) and type(data) is not real:
            data = real.fromisoformat(data.isoformat())
        return super()._serialize(data, **kwargs)


class _Extension(HomeAssistantSnapshotExtension):
    """Every snapshot of the suite in ``tests/snapshots/``, whatever folder the test is in."""

    serializer_class = _Serializer

    @classmethod
    def dirname(cls, *, test_location: PyTestLocation) -> str:
        return str(Path(__file__).parent / "snapshots")


@pytest.fixture
def snapshot(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    """Home Assistant's snapshot format (registry ids and timestamps masked), one folder."""
    return snapshot.use_extension(_Extension)
