"""Pytest fixtures starting the fake servers.

A plugin: ``pytest_plugins = ["tests.support.fakes.fixtures"]`` in ``tests/conftest.py``.

* ``sonarr_server``, ``jellyfin_server``, ``jellyseerr_server``, ``shoko_server``: a running fake
  loaded with its basic scenario, keyed with ``SONARR_API_KEY`` & co. (also ``fake.api_key``).
* ``start_fake``: a factory ``await start_fake(FakeSonarr, url_base="/sonarr", …)`` for extra or
  differently configured fakes, stopped and checked like the others.

At teardown each fake is stopped, then the test fails if the fake recorded spec violations
(an answer not matching the real project's OpenAPI file) or client errors (a request the real
app would reject or mishandle). When a spec file is missing the check is skipped with a
warning, except with ``CI=true``, where the missing file itself is a failure.

The fixtures use pytest-socket's ``socket_enabled``: the Home Assistant test plugin blocks socket
creation in every test, while connections stay limited to 127.0.0.1.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, Final
import warnings

import pytest

from .base import FakeServer
from .jellyfin import FakeJellyfin
from .jellyseerr import FakeJellyseerr
from .shoko import FakeShoko
from .sonarr import FakeSonarr

SONARR_API_KEY: Final = "5f0c4a3b2e1d4c7a9b8e6f5d4c3b2a19"
JELLYFIN_API_KEY: Final = "a3c5e7f9b1d24680ace13579bdf02468"
JELLYSEERR_API_KEY: Final = "MTczMjE4NzIwMDAwMGU3YjRjNWEtNmQ4Zi00YjFhLWE5ZTMtMmY0YzhkMWIwYTVj"
SHOKO_API_KEY: Final = "0b6f5a7e-3c2d-4e1f-9a8b-7c6d5e4f3a2b"

type StartFake = Callable[..., Awaitable[Any]]


class SpecCheckSkipped(UserWarning):
    """A fake's answers were not validated because its spec file is missing."""


def fake_problems(fake: FakeServer) -> list[str]:
    """What makes a test using ``fake`` fail at teardown."""
    if fake.spec_status.startswith("skipped"):
        warnings.warn(SpecCheckSkipped(fake.spec_status), stacklevel=2)
    return [*fake.spec_violations, *fake.client_errors]


async def run_fake(fake: FakeServer) -> AsyncIterator[Any]:
    await fake.start()
    try:
        yield fake
    finally:
        await fake.stop()
    if problems := fake_problems(fake):
        pytest.fail(
            f"{fake.name} fake saw {len(problems)} problem(s):\n" + "\n".join(problems),
            pytrace=False,
        )


@pytest.fixture
async def sonarr_server(socket_enabled: None) -> AsyncIterator[FakeSonarr]:
    """A running fake Sonarr with ``scenarios.sonarr_basic``."""
    async for fake in run_fake(FakeSonarr(api_key=SONARR_API_KEY)):
        yield fake


@pytest.fixture
async def jellyfin_server(socket_enabled: None) -> AsyncIterator[FakeJellyfin]:
    """A running fake Jellyfin with ``scenarios.jellyfin_basic``."""
    async for fake in run_fake(FakeJellyfin(api_key=JELLYFIN_API_KEY)):
        yield fake


@pytest.fixture
async def jellyseerr_server(socket_enabled: None) -> AsyncIterator[FakeJellyseerr]:
    """A running fake Jellyseerr with ``scenarios.jellyseerr_basic``."""
    async for fake in run_fake(FakeJellyseerr(api_key=JELLYSEERR_API_KEY)):
        yield fake


@pytest.fixture
async def shoko_server(socket_enabled: None) -> AsyncIterator[FakeShoko]:
    """A running fake Shoko with ``scenarios.shoko_basic``."""
    async for fake in run_fake(FakeShoko(api_key=SHOKO_API_KEY)):
        yield fake


@pytest.fixture
async def start_fake(socket_enabled: None) -> AsyncIterator[StartFake]:
    """Factory: ``fake = await start_fake(FakeSonarr, url_base="/sonarr")`` (any fake class)."""
    started: list[FakeServer] = []

    async def start(cls: type[FakeServer], **kwargs: Any) -> FakeServer:
        fake = cls(**kwargs)
        await fake.start()
        started.append(fake)
        return fake

    try:
        yield start
    finally:
        for fake in started:
            await fake.stop()
    problems = [p for fake in started for p in fake_problems(fake)]
    if problems:
        pytest.fail("fake servers saw problem(s):\n" + "\n".join(problems), pytrace=False)
