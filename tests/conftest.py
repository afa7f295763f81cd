"""Shared test setup: custom integrations enabled, fake servers and real qBittorrent as plugins."""

from __future__ import annotations

import socket

import pytest

# Imported at module level so HA's loader finds this checkout's integration before the plugin's
# testing_config/custom_components (see ../shared/TOOLCHAIN.md).
from custom_components.status_tracker.const import DOMAIN

pytest_plugins = ["tests.fakes.fixtures", "tests.qbittorrent_fixtures"]

assert DOMAIN == "status_tracker"


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(enable_custom_integrations: None) -> None:
    """Load custom integrations from this checkout in every test."""


@pytest.fixture
def closed_url(socket_enabled: None) -> str:
    """A loopback URL nothing listens on (connection refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"
