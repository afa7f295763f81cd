"""Tests of the qBittorrent client: pure merge logic, a tiny local server, and real qbittorrent-nox.

The real-server tests need the fixtures of tests/qbittorrent_fixtures.py (a pytest plugin) and a
qbittorrent-nox 5.x (see tests/qbittorrent_nox.py for how one is found).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
import json
import logging
from pathlib import Path
import shutil
import time
from types import SimpleNamespace
from typing import Any
import uuid

import aiohttp
from aiohttp import web
import pytest

from custom_components.status_tracker.clients.errors import (
    ApiError,
    CannotConnect,
    Forbidden,
    InvalidAuth,
    IpBanned,
)
from custom_components.status_tracker.clients.payloads.qbittorrent import (
    ETA_UNKNOWN,
    FilePriority,
    QbtTorrent,
    is_stopped_state,
    normalize_hash,
    normalize_state,
)
from custom_components.status_tracker.clients.qbittorrent import QBittorrentClient, parse_version
from custom_components.status_tracker.clients.qbittorrent_maindata import MainData
from tests.support.qbittorrent_driver import QbtDriver
from tests.support.qbittorrent_nox import QbtInstance, TorrentData, bencode, make_torrent

HASH_A = "a" * 40
HASH_B = "b" * 40
HASH_C = "c" * 40

# Fields of a torrent that change on their own between two requests.
VOLATILE = {
    "last_activity",
    "time_active",
    "reannounce",
    "eta",
    "dlspeed",
    "upspeed",
    "seen_complete",
    "popularity",
    "availability",
}


async def wait_for[T](
    probe: Callable[[], Awaitable[T | None]], what: str, within: float = 10.0
) -> T:
    """Poll probe until it returns something other than None/False, or fail naming what."""
    deadline = time.monotonic() + within
    while True:
        result = await probe()
        if result is not None and result is not False:
            return result
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {within} s waiting for {what}")
        await asyncio.sleep(0.1)


@dataclass
class RequestLog:
    """Requests a client session sent, recorded with aiohttp's tracing (no patching)."""

    requests: list[tuple[str, str]] = field(default_factory=list)

    def count(self, path_suffix: str) -> int:
        """How many requests went to a path ending with path_suffix."""
        return sum(1 for _, path in self.requests if path.endswith(path_suffix))


@pytest.fixture
async def traced(socket_enabled: None) -> AsyncIterator[tuple[aiohttp.ClientSession, RequestLog]]:
    """A cookie-less session whose requests are recorded."""
    log = RequestLog()

    async def on_start(
        _session: aiohttp.ClientSession,
        _ctx: SimpleNamespace,
        params: aiohttp.TraceRequestStartParams,
    ) -> None:
        log.requests.append((params.method, params.url.path))

    trace = aiohttp.TraceConfig()
    trace.on_request_start.append(on_start)
    async with aiohttp.ClientSession(
        cookie_jar=aiohttp.DummyCookieJar(), trace_configs=[trace]
    ) as session:
        yield session, log


# ====================================================================== pure: MainData


def full_update() -> dict[str, Any]:
    """A rid-0 style answer with two torrents, categories, tags, trackers and server state."""
    return {
        "rid": 1,
        "full_update": True,
        "torrents": {
            HASH_A: {"name": "Show.S01", "state": "downloading", "progress": 0.5, "size": 100},
            HASH_B: {"name": "Movie", "state": "stoppedUP", "progress": 1.0, "size": 50},
        },
        "categories": {"tv": {"name": "tv", "savePath": "/tv"}, "movies": {"name": "movies"}},
        "tags": ["sonarr", "keep"],
        "trackers": {"http://t/announce": [HASH_A]},
        "server_state": {"dl_info_speed": 10, "connection_status": "connected"},
    }


def test_maindata_full_update_injects_hash_and_keeps_everything() -> None:
    data = MainData()
    data.apply(full_update())
    assert data.rid == 1
    assert data.full_updates == 1
    assert set(data.torrents) == {HASH_A, HASH_B}
    assert data.torrents[HASH_A]["hash"] == HASH_A
    assert data.torrent(HASH_A.upper()) is data.torrents[HASH_A]
    assert set(data.categories) == {"tv", "movies"}
    assert data.tags == {"sonarr", "keep"}
    assert data.trackers == {"http://t/announce": [HASH_A]}
    assert data.server_state["connection_status"] == "connected"


def test_maindata_partial_delta_updates_only_given_fields() -> None:
    data = MainData()
    data.apply(full_update())
    data.apply(
        {
            "rid": 2,
            "torrents": {HASH_A: {"progress": 0.75, "dlspeed": 5}},
            "server_state": {"dl_info_speed": 20},
            "categories": {"tv": {"savePath": "/media/tv"}},
            "tags": ["new"],
        }
    )
    torrent = data.torrents[HASH_A]
    assert torrent["progress"] == 0.75
    assert torrent["dlspeed"] == 5
    assert torrent["name"] == "Show.S01"  # untouched fields survive a delta
    assert torrent["state"] == "downloading"
    assert data.torrents[HASH_B]["name"] == "Movie"
    assert data.server_state == {"dl_info_speed": 20, "connection_status": "connected"}
    assert data.categories["tv"] == {"name": "tv", "savePath": "/media/tv"}
    assert data.tags == {"sonarr", "keep", "new"}
    assert data.rid == 2
    assert data.full_updates == 1


def test_maindata_delta_adds_new_torrent_with_upper_case_key() -> None:
    data = MainData()
    data.apply(full_update())
    data.apply({"rid": 2, "torrents": {HASH_C.upper(): {"name": "New", "state": "metaDL"}}})
    assert data.torrents[HASH_C] == {"name": "New", "state": "metaDL", "hash": HASH_C}


def test_maindata_removals() -> None:
    data = MainData()
    data.apply(full_update())
    data.apply(
        {
            "rid": 3,
            "torrents_removed": [HASH_B],
            "categories_removed": ["movies"],
            "tags_removed": ["keep"],
            "trackers_removed": ["http://t/announce"],
        }
    )
    assert set(data.torrents) == {HASH_A}
    assert set(data.categories) == {"tv"}
    assert data.tags == {"sonarr"}
    assert data.trackers == {}


def test_maindata_full_update_replaces_everything() -> None:
    data = MainData()
    data.apply(full_update())
    data.apply(
        {
            "rid": 9,
            "full_update": True,
            "torrents": {HASH_C: {"name": "Only", "state": "stalledUP"}},
            "server_state": {"dl_info_speed": 1},
        }
    )
    assert set(data.torrents) == {HASH_C}
    assert data.categories == {}
    assert data.tags == set()
    assert data.trackers == {}
    assert data.server_state == {"dl_info_speed": 1}
    assert data.full_updates == 2


def test_maindata_first_answer_is_full_even_without_flag() -> None:
    """rid 0 means nothing is cached yet: the first answer is the whole state."""
    data = MainData()
    data.apply({"rid": 1, "torrents": {HASH_A: {"name": "x"}}})
    assert data.full_updates == 1
    assert set(data.torrents) == {HASH_A}


@pytest.mark.parametrize(
    "update",
    [
        {"torrents": {}},
        {"rid": "2"},
        {"rid": True},
        {"rid": 2, "torrents": [HASH_A]},
        {"rid": 2, "torrents": {HASH_A: "x"}},
        {"rid": 2, "torrents_removed": HASH_A},
        {"rid": 2, "tags": "sonarr"},
        {"rid": 2, "categories": {"tv": None}},
        {"rid": 2, "server_state": []},
        {"rid": 2, "trackers": {"u": "x"}},
        {"rid": 2, "torrents": {HASH_A: {"progress": 1}}, "tags_removed": [1]},
    ],
)
def test_maindata_malformed_update_changes_nothing(update: dict[str, Any]) -> None:
    data = MainData()
    data.apply(full_update())
    before = (dict(data.torrents[HASH_A]), data.rid, set(data.tags))
    with pytest.raises(ApiError, match=r"sync/maindata"):
        data.apply(update)
    assert (dict(data.torrents[HASH_A]), data.rid, set(data.tags)) == before


def test_state_and_hash_helpers() -> None:
    for state in ("stoppedUP", "stoppedDL", "pausedUP", "pausedDL"):
        assert is_stopped_state(state)
    for state in ("stalledUP", "downloading", "queuedDL", "error", "checkingDL"):
        assert not is_stopped_state(state)
    assert normalize_state("pausedUP") == "stoppedUP"
    assert normalize_state("pausedDL") == "stoppedDL"
    assert normalize_state("stalledDL") == "stalledDL"
    assert normalize_hash(" " + HASH_A.upper() + " ") == HASH_A
    for bad in ("all", "", "xyz", "a" * 39):
        with pytest.raises(ValueError, match="not a torrent hash"):
            normalize_hash(bad)
    assert parse_version("x", "v5.3.0") == (5, 3, 0)
    assert parse_version("x", "2.16.2\n") == (2, 16, 2)
    assert parse_version("x", "v5.1.0beta1") == (5, 1, 0)
    with pytest.raises(ApiError):
        parse_version("x", "<html>")
    assert ETA_UNKNOWN == 8640000


def test_bencode_and_info_hash(tmp_path: Path) -> None:
    """Bencode sorts keys; the info-hash itself is checked against qBittorrent's in other tests."""
    assert bencode({"b": 1, "a": [b"x", "yz"]}) == b"d1:al1:x2:yze1:bi1ee"
    assert bencode(-3) == b"i-3e"
    (tmp_path / "f.bin").write_bytes(b"\0" * 20000)
    torrent = make_torrent(tmp_path / "f.bin")
    assert torrent.files == ["f.bin"]
    assert torrent.sizes == [20000]
    assert len(torrent.info_hash) == 40


# ====================================================================== a tiny local server


@dataclass
class FakeQbt:
    """A small aiohttp.web stand-in for qBittorrent, for what a real one cannot be made to do."""

    version: str = "2.16.2"
    login_mode: str = "v5"  # v5 (204), v4 ("Ok."), fails ("Fails."), 401, banned (403)
    cookie_name: str = "QBT_SID_8080"
    require_auth: bool = True
    routes: dict[str, tuple[int, str | bytes, str]] = field(default_factory=dict)
    sessions: set[str] = field(default_factory=set)
    logins: int = 0
    requests: list[tuple[str, str, dict[str, str], dict[str, str]]] = field(default_factory=list)
    url: str = ""

    async def handle(self, request: web.Request) -> web.StreamResponse:
        """Answer every request: login, auth check, then the scripted route."""
        form: dict[str, str] = dict(request.query)
        if request.method == "POST":
            if request.content_type == "multipart/form-data":
                reader = await request.multipart()
                async for part in reader:
                    if isinstance(part, aiohttp.BodyPartReader) and part.name:
                        form[part.name] = (await part.read()).decode(errors="replace")
            else:
                form = {key: str(value) for key, value in (await request.post()).items()}
        self.requests.append((request.method, request.path, dict(request.headers), form))
        if request.path == "/api/v2/auth/login":
            return self.login(form)
        if self.require_auth and request.cookies.get(self.cookie_name) not in self.sessions:
            return web.Response(status=403, text="Forbidden")
        if request.path == "/api/v2/app/webapiVersion":
            return web.Response(text=self.version)
        status, body, content_type = self.routes.get(request.path, (200, "", "text/plain"))
        if isinstance(body, bytes):
            return web.Response(status=status, body=body, content_type=content_type)
        return web.Response(status=status, text=body, content_type=content_type)

    def login(self, form: dict[str, str]) -> web.Response:
        """Answer a login the way the configured qBittorrent version does."""
        self.logins += 1
        if self.login_mode == "banned":
            return web.Response(status=403, text="Your IP address has been banned")
        if self.login_mode == "401" or form.get("password") != "pw":
            if self.login_mode == "v4":
                return web.Response(text="Fails.")
            return web.Response(status=401, text="Unauthorized")
        if self.login_mode == "fails":
            return web.Response(text="Fails.")
        token = uuid.uuid4().hex
        self.sessions.add(token)
        response = web.Response(text="Ok.") if self.login_mode == "v4" else web.Response(status=204)
        response.set_cookie(self.cookie_name, token, httponly=True)
        return response

    def paths(self) -> list[str]:
        """Paths requested so far, in order."""
        return [path for _, path, _, _ in self.requests]


@pytest.fixture
async def fake_qbt(socket_enabled: None) -> AsyncIterator[FakeQbt]:
    """Run FakeQbt on 127.0.0.1 and a free port for one test."""
    fake = FakeQbt()
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", fake.handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    fake.url = f"http://127.0.0.1:{port}"
    try:
        yield fake
    finally:
        await runner.cleanup()


@pytest.fixture
async def plain_session(socket_enabled: None) -> AsyncIterator[aiohttp.ClientSession]:
    """A cookie-less session for the fake-server tests."""
    async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as session:
        yield session


@pytest.mark.parametrize(
    ("status", "body", "content_type", "error", "match"),
    [
        (200, "<html><body>Login</body></html>", "text/html", ApiError, "HTML"),
        (200, '[{"hash": "aaa", "name": "tru', "application/json", ApiError, "not valid JSON"),
        (200, '{"hash": "x"}', "application/json", ApiError, "expected a JSON array"),
        (200, '["x"]', "application/json", ApiError, "expected objects"),
        (500, "Internal error", "text/plain", CannotConnect, "HTTP 500"),
        (502, "<html>Bad gateway</html>", "text/html", CannotConnect, "HTTP 502"),
        (404, "Not Found", "text/plain", ApiError, "HTTP 404"),
    ],
)
async def test_error_mapping(
    *,
    fake_qbt: FakeQbt,
    plain_session: aiohttp.ClientSession,
    status: int,
    body: str,
    content_type: str,
    error: type[Exception],
    match: str,
) -> None:
    fake_qbt.routes["/api/v2/torrents/info"] = (status, body, content_type)
    client = QbtDriver(plain_session, fake_qbt.url, "admin", "pw")
    with pytest.raises(error, match=match) as info:
        await client.torrents_info()
    assert "torrents/info" in str(info.value)


async def test_maindata_malformed_body_names_endpoint(
    fake_qbt: FakeQbt, plain_session: aiohttp.ClientSession
) -> None:
    fake_qbt.routes["/api/v2/sync/maindata"] = (200, "[1, 2]", "application/json")
    client = QbtDriver(plain_session, fake_qbt.url, "admin", "pw")
    with pytest.raises(ApiError, match="sync/maindata"):
        await client.sync_maindata()
    fake_qbt.routes["/api/v2/sync/maindata"] = (200, '{"rid": 1, "torrents": [', "application/json")
    with pytest.raises(ApiError, match="sync/maindata"):
        await client.sync_maindata()
    assert client.maindata.rid == 0


async def test_unreachable_server_is_cannot_connect(plain_session: aiohttp.ClientSession) -> None:
    from tests.support.qbittorrent_nox import free_port

    client = QbtDriver(plain_session, f"http://127.0.0.1:{free_port()}", "admin", "pw")
    with pytest.raises(CannotConnect):
        await client.app_version()


async def test_cookie_is_sent_explicitly_without_csrf_headers(
    fake_qbt: FakeQbt, plain_session: aiohttp.ClientSession
) -> None:
    fake_qbt.routes["/api/v2/app/version"] = (200, "v5.3.0", "text/plain")
    client = QbtDriver(plain_session, fake_qbt.url + "/", "admin", "pw")
    assert await client.app_version() == "v5.3.0"
    assert fake_qbt.paths() == ["/api/v2/auth/login", "/api/v2/app/version"]
    _, _, login_headers, login_form = fake_qbt.requests[0]
    assert login_form == {"username": "admin", "password": "pw"}
    assert "Cookie" not in login_headers
    _, _, headers, _ = fake_qbt.requests[1]
    assert headers["Cookie"].startswith(f"{fake_qbt.cookie_name}=")
    for _, _, sent, _ in fake_qbt.requests:
        assert "Origin" not in sent
        assert "Referer" not in sent


async def test_v4_dialect(fake_qbt: FakeQbt, plain_session: aiohttp.ClientSession) -> None:
    """4.x: "Ok." login with an SID cookie, pause/resume, ``paused``, pausedDL states."""
    fake_qbt.login_mode = "v4"
    fake_qbt.cookie_name = "SID"
    fake_qbt.version = "2.9.3"
    fake_qbt.routes["/api/v2/torrents/add"] = (200, "Ok.", "text/plain")
    client = QbtDriver(plain_session, fake_qbt.url, "admin", "pw")
    assert not await client.is_v5()
    await client.stop([HASH_A.upper()])
    await client.start(HASH_B)
    assert await client.add_torrent(b"d4:infod4:name1:xee", stopped=True, tags=["a", "b"]) == []
    posts = {path: form for method, path, _, form in fake_qbt.requests if method == "POST"}
    assert posts["/api/v2/torrents/pause"] == {"hashes": HASH_A}
    assert posts["/api/v2/torrents/resume"] == {"hashes": HASH_B}
    add = posts["/api/v2/torrents/add"]
    assert add["paused"] == "true"
    assert "stopped" not in add
    assert add["tags"] == "a,b"
    assert "d4:info" in add["torrents"]
    assert fake_qbt.logins == 1


async def test_v4_status_filter_translation(
    fake_qbt: FakeQbt, plain_session: aiohttp.ClientSession
) -> None:
    fake_qbt.version = "2.9.3"
    fake_qbt.routes["/api/v2/torrents/info"] = (200, "[]", "application/json")
    client = QbtDriver(plain_session, fake_qbt.url, "admin", "pw")
    assert await client.torrents_info(status_filter="stopped") == []
    assert await client.torrents_info([]) == []  # no request for an empty hash list
    info_requests = [r for r in fake_qbt.requests if r[1] == "/api/v2/torrents/info"]
    assert len(info_requests) == 1
    assert info_requests[0][3] == {"filter": "paused"}


def _file_list(count: int, *, indexed: bool) -> str:
    files = [
        {"name": f"Pack/Pack.E{i + 1:02d}.mkv", "size": 1000 + i, "progress": 0.5, "priority": 1}
        | ({"index": i} if indexed else {})
        for i in range(count)
    ]
    return json.dumps(files)


async def test_file_indexes_asked_of_servers_that_know_them(
    fake_qbt: FakeQbt, plain_session: aiohttp.ClientSession
) -> None:
    """WebAPI 2.8.2+ (qBittorrent 4.4): ``indexes`` goes to qBittorrent, sorted, once each."""
    fake_qbt.routes["/api/v2/torrents/files"] = (
        200, _file_list(3, indexed=True), "application/json"
    )  # fmt: skip
    client = QBittorrentClient(plain_session, fake_qbt.url, "admin", "pw")
    await client.torrent_files(HASH_A, [7, 2, 7])
    asked = [form for _, path, _, form in fake_qbt.requests if path == "/api/v2/torrents/files"]
    assert asked == [{"hash": HASH_A, "indexes": "2|7"}]
    before = client.request_count
    assert await client.torrent_files(HASH_A, []) == []
    assert client.request_count == before  # nothing to ask for: no request


async def test_file_indexes_picked_by_the_client_on_older_servers(
    fake_qbt: FakeQbt, plain_session: aiohttp.ClientSession
) -> None:
    """Before WebAPI 2.8.2 ``indexes`` is ignored and files carry no ``index``: the client asks
    for the whole list, numbers the files in order and keeps the ones asked for."""
    fake_qbt.version = "2.8.1"
    fake_qbt.routes["/api/v2/torrents/files"] = (
        200, _file_list(4, indexed=False), "application/json"
    )  # fmt: skip
    client = QBittorrentClient(plain_session, fake_qbt.url, "admin", "pw")
    files = await client.torrent_files(HASH_A, [3, 1])
    assert [(f["index"], f["name"]) for f in files] == [
        (1, "Pack/Pack.E02.mkv"),
        (3, "Pack/Pack.E04.mkv"),
    ]
    assert [f["index"] for f in await client.torrent_files(HASH_A)] == [0, 1, 2, 3]
    asked = [form for _, path, _, form in fake_qbt.requests if path == "/api/v2/torrents/files"]
    assert asked == [{"hash": HASH_A}, {"hash": HASH_A}]


@pytest.mark.parametrize("mode", ["fails", "401"])
async def test_wrong_credentials(
    fake_qbt: FakeQbt, plain_session: aiohttp.ClientSession, mode: str
) -> None:
    fake_qbt.login_mode = mode
    client = QbtDriver(plain_session, fake_qbt.url, "admin", "s3cret-pw")
    with pytest.raises(InvalidAuth) as info:
        await client.torrents_info()
    assert "s3cret-pw" not in str(info.value)
    assert fake_qbt.logins == 1
    assert fake_qbt.paths() == ["/api/v2/auth/login"]


async def test_banned_login_is_not_retried(
    fake_qbt: FakeQbt, plain_session: aiohttp.ClientSession
) -> None:
    fake_qbt.login_mode = "banned"
    client = QbtDriver(plain_session, fake_qbt.url, "admin", "pw")
    with pytest.raises(IpBanned):
        await client.torrents_info()
    assert fake_qbt.logins == 1


async def test_relogin_once_after_403(
    fake_qbt: FakeQbt, plain_session: aiohttp.ClientSession
) -> None:
    fake_qbt.routes["/api/v2/app/version"] = (200, "v5.3.0", "text/plain")
    client = QbtDriver(plain_session, fake_qbt.url, "admin", "pw")
    assert await client.app_version() == "v5.3.0"
    fake_qbt.sessions.clear()  # the server forgot the session (restart, timeout)
    assert await client.app_version() == "v5.3.0"
    assert fake_qbt.logins == 2


async def test_second_403_after_relogin_is_forbidden_not_a_password_problem(
    fake_qbt: FakeQbt, plain_session: aiohttp.ClientSession
) -> None:
    """The login works, the call is still refused: a proxy or a setting, not the password."""
    fake_qbt.routes["/api/v2/app/version"] = (403, "Forbidden", "text/plain")
    client = QbtDriver(plain_session, fake_qbt.url, "admin", "pw")
    with pytest.raises(Forbidden, match="reverse proxy"):
        await client.app_version()
    assert fake_qbt.logins == 2
    assert fake_qbt.paths().count("/api/v2/app/version") == 2


async def test_concurrent_calls_share_one_relogin(
    fake_qbt: FakeQbt, plain_session: aiohttp.ClientSession
) -> None:
    fake_qbt.routes["/api/v2/app/version"] = (200, "v5.3.0", "text/plain")
    client = QbtDriver(plain_session, fake_qbt.url, "admin", "pw")
    await asyncio.gather(*(client.app_version() for _ in range(5)))
    assert fake_qbt.logins == 1
    fake_qbt.sessions.clear()
    await asyncio.gather(*(client.app_version() for _ in range(5)))
    assert fake_qbt.logins == 2


async def test_concurrent_calls_with_wrong_password_log_in_once(
    fake_qbt: FakeQbt, plain_session: aiohttp.ClientSession
) -> None:
    """Calls queued behind a refused login share its error: each try counts towards a ban."""
    client = QbtDriver(plain_session, fake_qbt.url, "admin", "wrong")
    results = await asyncio.gather(
        *(client.app_version() for _ in range(4)), return_exceptions=True
    )
    assert all(isinstance(result, InvalidAuth) for result in results)
    assert fake_qbt.logins == 1
    with pytest.raises(InvalidAuth):  # a later call tries again
        await client.app_version()
    assert fake_qbt.logins == 2


async def test_logout_forgets_the_session(
    fake_qbt: FakeQbt, plain_session: aiohttp.ClientSession
) -> None:
    fake_qbt.routes["/api/v2/app/version"] = (200, "v5.3.0", "text/plain")
    client = QbtDriver(plain_session, fake_qbt.url, "admin", "pw")
    await client.login()
    fake_qbt.sessions.clear()  # logging out of a session the server already dropped is fine
    await client.logout()
    assert await client.app_version() == "v5.3.0"
    assert fake_qbt.logins == 2
    assert fake_qbt.paths().count("/api/v2/app/version") == 1  # logged in first, no 403


async def test_empty_credentials_never_log_in(
    fake_qbt: FakeQbt, plain_session: aiohttp.ClientSession
) -> None:
    fake_qbt.routes["/api/v2/app/version"] = (200, "v5.3.0", "text/plain")
    client = QbtDriver(plain_session, fake_qbt.url)
    with pytest.raises(InvalidAuth, match="requires a login"):
        await client.app_version()
    fake_qbt.require_auth = False  # "bypass authentication for clients on localhost"
    assert await client.app_version() == "v5.3.0"
    assert fake_qbt.logins == 0


async def test_add_result_parsing(fake_qbt: FakeQbt, plain_session: aiohttp.ClientSession) -> None:
    client = QbtDriver(plain_session, fake_qbt.url, "admin", "pw")
    body = '{"added_torrent_ids":["%s"],"failure_count":0,"pending_count":0,"success_count":1}'
    fake_qbt.routes["/api/v2/torrents/add"] = (200, body % HASH_A.upper(), "application/json")
    assert await client.add_torrent("magnet:?xt=urn:btih:" + HASH_A) == [HASH_A]
    form = fake_qbt.requests[-1][3]
    assert form["urls"] == "magnet:?xt=urn:btih:" + HASH_A
    assert form["stopped"] == "false"
    fake_qbt.routes["/api/v2/torrents/add"] = (
        200,
        '{"added_torrent_ids":[],"failure_count":1,"pending_count":0,"success_count":0}',
        "application/json",
    )
    with pytest.raises(ApiError, match="did not add"):
        await client.add_torrent(["http://example.invalid/a.torrent"])
    fake_qbt.routes["/api/v2/torrents/add"] = (200, "Fails.", "text/plain")
    with pytest.raises(ApiError, match="did not add"):
        await client.add_torrent(b"x")


async def test_argument_validation(plain_session: aiohttp.ClientSession) -> None:
    """Bad arguments fail before any request (no server is listening at this URL)."""
    client = QbtDriver(plain_session, "http://127.0.0.1:9", "admin", "pw")
    with pytest.raises(ValueError, match="priority"):
        await client.set_file_priority(HASH_A, [0], 3)
    with pytest.raises(ValueError, match="not a torrent hash"):
        await client.delete_torrents(["all"], delete_files=True)
    with pytest.raises(ValueError, match="negative"):
        await client.set_download_limit(-1)
    await client.delete_torrents([], delete_files=True)  # nothing to do, no request
    await client.set_file_priority(HASH_A, [], FilePriority.IGNORED)


# ====================================================================== real qbittorrent-nox


async def test_real_login_cookie_and_versions(
    qbittorrent: QbtInstance, traced: tuple[aiohttp.ClientSession, RequestLog]
) -> None:
    session, log = traced
    client = QbtDriver(session, qbittorrent.url, qbittorrent.username, qbittorrent.password)
    version = await client.app_version()
    assert version.startswith("v5.")
    assert parse_version("v", await client.webapi_version()) >= (2, 11)
    assert await client.is_v5()
    # The session keeps no cookies, so these calls worked with the cookie the client sent.
    assert client._cookie is not None
    assert client._cookie.startswith(f"QBT_SID_{qbittorrent.webui_port}=")
    assert log.count("/auth/login") == 1


async def test_real_wrong_password(
    qbittorrent: QbtInstance,
    qbt_session: aiohttp.ClientSession,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    password = "wrong-" + uuid.uuid4().hex
    client = QbtDriver(qbt_session, qbittorrent.url, qbittorrent.username, password)
    with pytest.raises(InvalidAuth) as info:
        await client.torrents_info()
    assert password not in str(info.value)
    assert password not in caplog.text


async def test_real_empty_credentials_get_invalid_auth(
    qbittorrent: QbtInstance, traced: tuple[aiohttp.ClientSession, RequestLog]
) -> None:
    session, log = traced
    client = QbtDriver(session, qbittorrent.url)
    with pytest.raises(InvalidAuth):
        await client.app_version()
    assert log.count("/auth/login") == 0


async def test_real_ip_ban(
    qbittorrent_banning: QbtInstance, traced: tuple[aiohttp.ClientSession, RequestLog]
) -> None:
    session, log = traced
    url, user = qbittorrent_banning.url, qbittorrent_banning.username
    wrong = QbtDriver(session, url, user, "not-the-password")
    with pytest.raises(InvalidAuth):
        await wrong.app_version()
    assert log.count("/auth/login") == 1  # MaxAuthenticationFailCount=1: now banned

    right = QbtDriver(session, url, user, qbittorrent_banning.password)
    with pytest.raises(IpBanned):
        await right.app_version()
    assert log.count("/auth/login") == 2  # one login, not retried
    with pytest.raises(IpBanned):
        await right.torrents_info()
    assert log.count("/auth/login") == 3
    assert log.count("/app/version") == 0
    assert log.count("/torrents/info") == 0


async def test_real_relogin_after_logout(
    qbittorrent: QbtInstance, traced: tuple[aiohttp.ClientSession, RequestLog]
) -> None:
    session, log = traced
    client = QbtDriver(session, qbittorrent.url, qbittorrent.username, qbittorrent.password)
    await client.app_version()
    cookie = client._cookie
    assert cookie is not None
    # End the session on the server behind the client's back (same cookie, as another tab would).
    async with session.post(
        f"{qbittorrent.url}/api/v2/auth/logout", headers={"Cookie": cookie}
    ) as response:
        assert response.status == 200
    async with session.get(
        f"{qbittorrent.url}/api/v2/app/version", headers={"Cookie": cookie}
    ) as response:
        assert response.status == 403
    assert (await client.app_version()).startswith("v5.")
    assert log.count("/auth/login") == 2
    assert client._cookie != cookie


async def test_real_relogin_after_corrupted_cookie(
    qbittorrent: QbtInstance, traced: tuple[aiohttp.ClientSession, RequestLog]
) -> None:
    session, log = traced
    client = QbtDriver(session, qbittorrent.url, qbittorrent.username, qbittorrent.password)
    await client.torrents_info()
    client._cookie = f"QBT_SID_{qbittorrent.webui_port}=forged"
    assert isinstance(await client.torrents_info(), list)
    assert log.count("/auth/login") == 2
    assert log.count("/torrents/info") == 3
    await client.logout()
    assert isinstance(await client.torrents_info(), list)
    assert log.count("/auth/login") == 3


async def test_real_maindata_deltas(
    qbt_client: QbtDriver,
    qbt_session: aiohttp.ClientSession,
    qbittorrent: QbtInstance,
    season_pack: TorrentData,
) -> None:
    client = qbt_client
    # qBittorrent keeps one sync state per login session, so the raw deltas (mirror) and the
    # client-side merge (poller) each get their own client and session.
    poller = QbtDriver(qbt_session, qbittorrent.url, qbittorrent.username, qbittorrent.password)
    tag = f"tag-{uuid.uuid4().hex[:8]}"
    category = f"tv-{uuid.uuid4().hex[:8]}"
    mirror = MainData()  # the raw deltas applied by the test, next to the client's own state

    first = await client.fetch_maindata(0)
    assert first["full_update"] is True
    mirror.apply(first)
    assert season_pack.info_hash not in mirror.torrents

    added = await client.add_torrent(
        season_pack.torrent,
        save_path=str(season_pack.save_path.parent / "empty"),
        stopped=True,
        category=category,
        tags=[tag],
    )
    assert added == [season_pack.info_hash]

    async def delta_with_new_torrent() -> dict[str, Any] | None:
        delta = await client.fetch_maindata(mirror.rid)
        mirror.apply(delta)
        assert not delta.get("full_update")
        return delta if season_pack.info_hash in delta.get("torrents", {}) else None

    delta = await wait_for(delta_with_new_torrent, "the new torrent in a maindata delta")
    assert delta["torrents"][season_pack.info_hash]["name"] == season_pack.name
    assert tag in mirror.tags
    assert category in mirror.categories

    await wait_for(lambda: _state_of(client, season_pack.info_hash, "stoppedDL"), "state stoppedDL")
    await client.start([season_pack.info_hash.upper()])

    async def delta_with_new_state() -> dict[str, Any] | None:
        delta = await client.fetch_maindata(mirror.rid)
        mirror.apply(delta)
        fields = delta.get("torrents", {}).get(season_pack.info_hash, {})
        return fields if "state" in fields and fields["state"] != "stoppedDL" else None

    changed = await wait_for(delta_with_new_state, "a state change in a maindata delta")
    assert "name" not in changed  # a delta carries only the changed fields
    assert "save_path" not in changed
    assert mirror.torrents[season_pack.info_hash]["name"] == season_pack.name

    # The client's own merged state agrees with torrents/info.
    async def merged_matches_info() -> bool:
        data = await poller.sync_maindata()
        [info] = await client.torrents_info([season_pack.info_hash])
        merged = dict(data.torrents[season_pack.info_hash])
        assert set(info) <= set(merged)
        return all(merged[k] == v for k, v in info.items() if k not in VOLATILE)

    await wait_for(merged_matches_info, "maindata to agree with torrents/info")

    await client.delete_torrents([season_pack.info_hash], delete_files=False)

    async def delta_removing() -> dict[str, Any] | None:
        delta = await client.fetch_maindata(mirror.rid)
        mirror.apply(delta)
        return delta if season_pack.info_hash in delta.get("torrents_removed", []) else None

    await wait_for(delta_removing, "torrents_removed with the hash")
    assert season_pack.info_hash not in mirror.torrents
    data = await poller.sync_maindata()
    assert season_pack.info_hash not in data.torrents
    assert data.full_updates == 1  # only the first answer was a full update
    assert data.rid > 1


async def _state_of(client: QbtDriver, torrent_hash: str, state: str) -> bool:
    """Whether torrents/info reports the torrent in the given state."""
    torrents = await client.torrents_info([torrent_hash])
    return bool(torrents) and torrents[0].get("state") == state


async def test_real_files_and_priorities(qbt_client: QbtDriver, season_pack: TorrentData) -> None:
    client = qbt_client
    await client.add_torrent(
        season_pack.torrent, save_path=str(season_pack.save_path), stopped=True
    )
    files = await wait_for(
        lambda: _files_when_ready(client, season_pack.info_hash), "the torrent's files"
    )
    assert len(files) == 12
    assert [f["name"] for f in files] == season_pack.files
    assert files[0]["name"] == "Show.S01.1080p.WEB-DL/Show.S01E01.1080p.WEB-DL.mkv"
    assert [f["index"] for f in files] == list(range(12))
    assert [f["size"] for f in files] == season_pack.sizes
    assert all(f["priority"] == FilePriority.NORMAL for f in files)

    await client.set_file_priority(season_pack.info_hash.upper(), [0, 2, 11], FilePriority.IGNORED)
    await client.set_file_priority(season_pack.info_hash, [5], FilePriority.MAXIMUM)
    files = await client.torrent_files(season_pack.info_hash)
    priorities = {f["index"]: f["priority"] for f in files}
    assert [i for i, p in priorities.items() if p == 0] == [0, 2, 11]
    assert priorities[5] == 7
    assert priorities[1] == 1

    wanted = season_pack.total_size - sum(season_pack.sizes[i] for i in (0, 2, 11))

    async def size_counts_wanted_files() -> QbtTorrent | None:
        [info] = await client.torrents_info([season_pack.info_hash.upper()])
        # "size" counts only wanted data, by whole pieces (a piece shared with a wanted file counts)
        return info if wanted <= info["size"] < info["total_size"] else None

    info = await wait_for(size_counts_wanted_files, "size to drop the ignored files")
    assert info["hash"] == season_pack.info_hash
    assert info["total_size"] == season_pack.total_size
    assert info["content_path"] == str(season_pack.content_path)

    with pytest.raises(ApiError) as missing:
        await client.torrent_files("0" * 40)
    assert missing.value.status == 404
    with pytest.raises(ApiError) as out_of_range:
        await client.set_file_priority(season_pack.info_hash, [12], FilePriority.IGNORED)
    assert out_of_range.value.status == 409


async def test_real_files_by_index(qbt_client: QbtDriver, season_pack: TorrentData) -> None:
    """The real server answers only the files asked for, each with its index, and the client
    picks the same files itself when it takes the server for one older than WebAPI 2.8.2."""
    client = qbt_client
    torrent_hash = season_pack.info_hash
    await client.add_torrent(
        season_pack.torrent, save_path=str(season_pack.save_path), stopped=True
    )
    every = await wait_for(lambda: _files_when_ready(client, torrent_hash), "the torrent's files")

    def stable(files: list[Any]) -> list[tuple[Any, ...]]:
        # is_seed rides on whichever file comes first in the answer
        return [(f["index"], f["name"], f["size"], f["progress"], f["priority"]) for f in files]

    some = await client.torrent_files(torrent_hash, [9, 0, 4])
    assert stable(some) == stable([every[0], every[4], every[9]])
    client._webapi_version = (2, 8, 1)
    assert stable(await client.torrent_files(torrent_hash, [9, 0, 4])) == stable(some)
    client._webapi_version = None  # asked again: the real 2.16
    with pytest.raises(ApiError) as out_of_range:
        await client.torrent_files(torrent_hash, [12])
    assert out_of_range.value.status == 409


async def _files_when_ready(client: QbtDriver, torrent_hash: str) -> list[Any] | None:
    """The torrent's files once qBittorrent lists it."""
    if not await client.torrents_info([torrent_hash]):
        return None
    return list(await client.torrent_files(torrent_hash)) or None


async def test_real_single_file_torrent(qbt_client: QbtDriver, single_file: TorrentData) -> None:
    client = qbt_client
    await client.add_torrent(
        single_file.torrent, save_path=str(single_file.save_path), skip_checking=True
    )
    files = await wait_for(
        lambda: _files_when_ready(client, single_file.info_hash), "the torrent's files"
    )
    assert [f["name"] for f in files] == [single_file.name]
    with pytest.raises(ApiError) as duplicate:
        await client.add_torrent(single_file.torrent)
    assert duplicate.value.status == 409
    assert "already" in str(duplicate.value)
    with pytest.raises(ApiError) as invalid:
        await client.add_torrent(b"not a torrent")
    assert invalid.value.status == 415


async def test_real_stopped_add_start_stop(
    qbt_client: QbtDriver, season_pack: TorrentData, tmp_path: Path
) -> None:
    client = qbt_client
    torrent_hash = season_pack.info_hash
    await client.add_torrent(season_pack.torrent, save_path=str(tmp_path / "dl"), stopped=True)
    await wait_for(lambda: _state_of(client, torrent_hash, "stoppedDL"), "state stoppedDL")
    [info] = await client.torrents_info([torrent_hash])
    assert is_stopped_state(info["state"])
    assert info["eta"] == ETA_UNKNOWN
    assert info["progress"] == 0

    await client.start(torrent_hash)

    async def running() -> bool:
        [info] = await client.torrents_info([torrent_hash])
        return not is_stopped_state(info["state"])

    await wait_for(running, "the torrent to run")
    await client.stop([torrent_hash])
    await wait_for(lambda: _state_of(client, torrent_hash, "stoppedDL"), "state stoppedDL again")


async def test_real_seeded_torrent_is_stopped_up(
    qbt_client: QbtDriver, season_pack: TorrentData
) -> None:
    """skip_checking marks the data complete only once the torrent runs; stopping it then."""
    client = qbt_client
    await client.add_torrent(
        season_pack.torrent, save_path=str(season_pack.save_path), skip_checking=True
    )
    await wait_for(lambda: _state_of(client, season_pack.info_hash, "stalledUP"), "stalledUP")
    await client.stop(season_pack.info_hash)
    await wait_for(lambda: _state_of(client, season_pack.info_hash, "stoppedUP"), "stoppedUP")
    [info] = await client.torrents_info([season_pack.info_hash])
    assert is_stopped_state(info["state"])
    assert info["progress"] == 1
    assert info["amount_left"] == 0


async def test_real_delete_with_files(qbt_client: QbtDriver, season_pack: TorrentData) -> None:
    client = qbt_client
    other = season_pack.save_path.parent / "untouched.txt"
    other.write_text("stays")
    await client.add_torrent(
        season_pack.torrent, save_path=str(season_pack.save_path), skip_checking=True
    )

    async def complete() -> bool:
        torrents = await client.torrents_info([season_pack.info_hash])
        return bool(torrents) and torrents[0].get("progress") == 1

    await wait_for(complete, "the seeded torrent at 100 %")
    assert season_pack.content_path.is_dir()
    await client.delete_torrents([season_pack.info_hash.upper()], delete_files=True)

    async def gone() -> bool:
        return not await client.torrents_info([season_pack.info_hash]) and not any(
            (season_pack.save_path / name).exists() for name in season_pack.files
        )

    await wait_for(gone, "the torrent and its files to be removed")
    assert other.read_text() == "stays"


async def test_real_download_between_two_instances(
    qbt_client: QbtDriver,
    qbt_peer_client: QbtDriver,
    qbittorrent: QbtInstance,
    season_pack: TorrentData,
    tmp_path: Path,
) -> None:
    seeder, leecher = qbt_client, qbt_peer_client
    torrent_hash = season_pack.info_hash
    await seeder.add_torrent(
        season_pack.torrent, save_path=str(season_pack.save_path), skip_checking=True
    )
    await wait_for(lambda: _state_of(seeder, torrent_hash, "stalledUP"), "the seeder to seed")

    await leecher.set_download_limit(4 * 1024 * 1024)
    try:
        state = await leecher.sync_maindata()
        assert state.server_state["dl_rate_limit"] == 4 * 1024 * 1024
        target = tmp_path / "leech"
        await leecher.add_torrent(season_pack.torrent, save_path=str(target), sequential=True)
        await wait_for(
            lambda: _files_when_ready(leecher, torrent_hash), "the leecher to list the torrent"
        )
        # Skip one episode: a season pack where the user already has E12.
        await leecher.set_file_priority(torrent_hash, [11], FilePriority.IGNORED)
        await leecher.add_peers([torrent_hash], [f"127.0.0.1:{qbittorrent.listen_port}"])

        async def wanted_done() -> list[Any] | None:
            files = await leecher.torrent_files(torrent_hash)
            return files if all(f["progress"] == 1 for f in files[:11]) else None

        files = await wait_for(wanted_done, "the download of the 11 wanted files", within=15)
        assert files[11]["priority"] == 0
        for name in season_pack.files[:11]:
            assert (target / name).read_bytes() == (season_pack.save_path / name).read_bytes()
        data = await leecher.sync_maindata()
        assert data.torrents[torrent_hash]["seq_dl"] is True
    finally:
        await leecher.set_download_limit(0)


def test_season_pack_copy_is_independent(season_pack: TorrentData, tmp_path: Path) -> None:
    """The helper's data can be copied elsewhere and still matches the torrent."""
    copy = tmp_path / "copy" / season_pack.name
    shutil.copytree(season_pack.content_path, copy)
    assert make_torrent(copy).info_hash == season_pack.info_hash
