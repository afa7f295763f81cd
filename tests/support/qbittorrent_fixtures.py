"""Pytest fixtures running real qbittorrent-nox 5.x instances (a plugin: see tests/conftest.py).

Register with ``pytest_plugins = ["tests.support.qbittorrent_fixtures"]`` in tests/conftest.py, or
``-p tests.support.qbittorrent_fixtures`` on the command line.

* ``qbittorrent_launcher`` (session): how qbittorrent-nox 5.x is started here; fails the test
  (never skips) with a clear message when there is none.
* ``qbittorrent_workdir`` (session): pytest's base temp dir; every profile, save path and test
  torrent lives below it, so an in-root qbittorrent-nox sees them at the same paths.
* ``qbittorrent`` (session): a running instance (``QbtInstance``: url, username, password,
  webui_port, listen_port, save_path, pid). Shared for speed; use ``qbt_client`` to get one
  that removes what the test added.
* ``qbittorrent_peer`` (session): a second instance, e.g. a leecher downloading from the first.
* ``qbittorrent_banning`` (function): a fresh instance that bans an IP after one failed login.
* ``qbt_session`` (function): an ``aiohttp.ClientSession`` with no cookie jar, closed after the
  test; the client must carry its session cookie itself. It enables sockets for the test
  (pytest-socket's ``socket_enabled``); connections stay limited to 127.0.0.1.
* ``qbt_client`` / ``qbt_peer_client`` (function): logged-in ``QbtDriver`` for the two
  shared instances; torrents the test leaves behind are deleted with their files at teardown.
* ``season_pack`` / ``single_file`` (function): fresh data plus ``TorrentData`` in tmp_path.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from pathlib import Path
import socket

import aiohttp
import pytest
import pytest_socket

from tests.support.qbittorrent_driver import QbtDriver
from tests.support.qbittorrent_nox import (
    Launcher,
    QbittorrentUnavailable,
    QbtConfig,
    QbtInstance,
    TorrentData,
    find_launcher,
    make_season_pack,
    make_single_file,
    start_instance,
)


@pytest.fixture(scope="session")
def qbittorrent_launcher() -> Launcher:
    """Resolve qbittorrent-nox 5.x once; a missing one is a failure, not a skip."""
    try:
        return find_launcher()
    except QbittorrentUnavailable as err:
        message = str(err)
    pytest.fail(message, pytrace=False)


@pytest.fixture(scope="session")
def qbittorrent_workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The directory under which all qBittorrent profiles and test data live."""
    return tmp_path_factory.getbasetemp()


@contextmanager
def _loopback_sockets() -> Iterator[None]:
    """Let this fixture create sockets while it picks ports and waits for the WebUI.

    The Home Assistant test plugin blocks socket creation before every test, and pytest-socket's
    ``socket_enabled`` is function-scoped, so a session fixture cannot use it. Its 127.0.0.1-only
    connect guard stays in force, and the block is put back as the plugin set it.
    """
    blocked = socket.socket is not pytest_socket._true_socket
    if blocked:
        pytest_socket.enable_socket()
    try:
        yield
    finally:
        if blocked:
            pytest_socket.disable_socket(allow_unix_socket=True)


def _start(
    launcher: Launcher, workdir: Path, name: str, config: QbtConfig | None = None
) -> QbtInstance:
    """Start an instance in a fresh directory below workdir."""
    directory = workdir / "qbittorrent" / name
    suffix = 0
    while directory.exists():
        suffix += 1
        directory = workdir / "qbittorrent" / f"{name}-{suffix}"
    with _loopback_sockets():
        return start_instance(
            launcher, directory, bind_dir=workdir, name=name, config=config or QbtConfig()
        )


@pytest.fixture(scope="session")
def qbittorrent(qbittorrent_launcher: Launcher, qbittorrent_workdir: Path) -> Iterator[QbtInstance]:
    """A running qbittorrent-nox shared by the session (IP ban disabled)."""
    instance = _start(qbittorrent_launcher, qbittorrent_workdir, "main")
    yield instance
    instance.stop()


@pytest.fixture(scope="session")
def qbittorrent_peer(
    qbittorrent_launcher: Launcher, qbittorrent_workdir: Path
) -> Iterator[QbtInstance]:
    """A second running instance, for transfers between two clients on loopback."""
    instance = _start(qbittorrent_launcher, qbittorrent_workdir, "peer")
    yield instance
    instance.stop()


@pytest.fixture
def qbittorrent_banning(
    qbittorrent_launcher: Launcher, qbittorrent_workdir: Path
) -> Iterator[QbtInstance]:
    """A fresh instance that bans the IP after a single failed login (for one test only)."""
    with _loopback_sockets():
        config = QbtConfig(max_auth_fail_count=1, ban_duration=600)
    instance = _start(qbittorrent_launcher, qbittorrent_workdir, "banning", config)
    yield instance
    instance.stop()


@pytest.fixture
async def qbt_session(socket_enabled: None) -> AsyncIterator[aiohttp.ClientSession]:
    """A client session that keeps no cookies, closed after the test."""
    async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as session:
        yield session


async def _client_cleaning_up(
    session: aiohttp.ClientSession, instance: QbtInstance
) -> AsyncIterator[QbtDriver]:
    """Yield a logged-in client; delete every torrent (and its files) left at teardown."""
    client = QbtDriver(session, instance.url, instance.username, instance.password)
    before = {torrent["hash"] for torrent in await client.torrents_info()}
    yield client
    left = {torrent["hash"] for torrent in await client.torrents_info()} - before
    if left:
        await client.delete_torrents(left, delete_files=True)


@pytest.fixture
async def qbt_client(
    qbt_session: aiohttp.ClientSession, qbittorrent: QbtInstance
) -> AsyncIterator[QbtDriver]:
    """A client of the shared instance; removes the torrents the test added."""
    async for client in _client_cleaning_up(qbt_session, qbittorrent):
        yield client


@pytest.fixture
async def qbt_peer_client(
    qbt_session: aiohttp.ClientSession, qbittorrent_peer: QbtInstance
) -> AsyncIterator[QbtDriver]:
    """A client of the second shared instance; removes the torrents the test added."""
    async for client in _client_cleaning_up(qbt_session, qbittorrent_peer):
        yield client


@pytest.fixture
def season_pack(tmp_path: Path) -> TorrentData:
    """A 12-episode season pack of small random files, and its torrent."""
    return make_season_pack(tmp_path / "seed")


@pytest.fixture
def single_file(tmp_path: Path) -> TorrentData:
    """One random file and its single-file torrent."""
    return make_single_file(tmp_path / "seed-single")
