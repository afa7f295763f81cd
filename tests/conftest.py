"""Shared test setup: custom integrations enabled, fake servers and real qBittorrent as plugins."""

from __future__ import annotations

from collections.abc import Generator

import pytest

# Imported at module level so HA's loader finds this checkout's integration before the plugin's
# testing_config/custom_components (see ../shared/TOOLCHAIN.md).
from custom_components.status_tracker.const import DOMAIN

pytest_plugins = ["tests.fakes.fixtures", "tests.qbittorrent_fixtures"]

assert DOMAIN == "status_tracker"


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(enable_custom_integrations: None) -> Generator[None]:
    """Load custom integrations from this checkout in every test."""
    yield
