"""The shared HTTP path of the clients: URL prefixes, timeouts, error mapping, no secrets leaked."""

from __future__ import annotations

from collections.abc import AsyncIterator
import threading
from typing import Any

import aiohttp
import pytest

from custom_components.status_tracker.clients import ApiError, CannotConnect, InvalidAuth, http
from custom_components.status_tracker.clients.http import (
    decode_body,
    expect_dict,
    expect_list,
    normalize_base_url,
)
from custom_components.status_tracker.clients.jellyfin import JellyfinClient
from custom_components.status_tracker.clients.jellyseerr import JellyseerrClient
from custom_components.status_tracker.clients.shoko import ShokoClient
from custom_components.status_tracker.clients.sonarr import SonarrClient
from tests.support.fakes.jellyfin import FakeJellyfin
from tests.support.fakes.jellyseerr import FakeJellyseerr
from tests.support.fakes.shoko import FakeShoko
from tests.support.fakes.sonarr import FakeSonarr


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    """A plain client session, closed after the test."""
    async with aiohttp.ClientSession() as client_session:
        yield client_session


def test_normalize_base_url_keeps_the_path_prefix() -> None:
    """Trailing slashes go, a reverse-proxy prefix stays."""
    assert normalize_base_url(" http://host:8989/sonarr/ ") == "http://host:8989/sonarr"
    assert normalize_base_url("http://host:8989") == "http://host:8989"


def test_decode_body_rejects_html_and_broken_json() -> None:
    """A login page or a cut-off body is an ApiError naming the endpoint and status."""
    with pytest.raises(ApiError, match=r"GET api/x \(HTTP 200\): .*HTML"):
        decode_body("GET api/x", 200, "text/html", b"<html></html>", "json")
    with pytest.raises(ApiError, match="not valid JSON"):
        decode_body("GET api/x", 200, "application/json", b'{"a": [1, 2', "json")
    with pytest.raises(ApiError, match="HTML"):
        decode_body("GET api/x", 200, "text/plain", b"  <!DOCTYPE html>", "text")
    assert decode_body("GET api/x", 200, "text/plain", b"v5.3.0", "text") == "v5.3.0"
    assert decode_body("GET api/x", 204, "", b"", "none") is None


def test_expect_shapes() -> None:
    """A JSON object where an array is due (and vice versa) is refused."""
    assert expect_list("e", [1]) == [1]
    assert expect_dict("e", {"a": 1}) == {"a": 1}
    with pytest.raises(ApiError, match="expected a JSON array, got dict"):
        expect_list("e", {"records": []})
    with pytest.raises(ApiError, match="expected a JSON object, got list"):
        expect_dict("e", [])


async def test_path_prefix_is_honoured(session: aiohttp.ClientSession) -> None:
    """Sonarr served below /sonarr (reverse proxy) is reached with or without a trailing slash."""
    fake = FakeSonarr(url_base="/sonarr")
    await fake.start()
    try:
        for url in (fake.url, fake.url + "/"):
            status = await SonarrClient(session, url, fake.api_key).system_status()
            assert status["appName"] == "Sonarr"
        assert {r.path for r in fake.requests} == {"/api/v3/system/status"}
    finally:
        await fake.stop()


@pytest.mark.parametrize(
    ("behaviour", "error", "match"),
    [
        ("401", InvalidAuth, "HTTP 401"),
        ("403", InvalidAuth, "HTTP 403"),
        ("500", CannotConnect, "HTTP 500"),
        ("html", ApiError, "HTML"),
        ("truncated", ApiError, "not valid JSON"),
        ("down", CannotConnect, "GET api/v3/system/status"),
    ],
)
async def test_misbehaving_sonarr(
    session: aiohttp.ClientSession,
    sonarr_server: FakeSonarr,
    behaviour: str,
    error: type[Exception],
    match: str,
) -> None:
    """Every bad answer maps onto the one error hierarchy, and the key never shows."""
    sonarr_server.behaviour = behaviour
    client = SonarrClient(session, sonarr_server.url, sonarr_server.api_key)
    with pytest.raises(error, match=match) as caught:
        await client.system_status()
    assert sonarr_server.api_key not in str(caught.value)


async def test_timeout_is_cannot_connect(
    session: aiohttp.ClientSession, jellyfin_server: FakeJellyfin
) -> None:
    """A server that does not answer in time is unreachable, not a hung setup."""
    jellyfin_server.behaviour = "slow"
    jellyfin_server.slow_seconds = 5
    client = JellyfinClient(session, jellyfin_server.url, jellyfin_server.api_key, timeout=0.2)
    with pytest.raises(CannotConnect, match="timed out"):
        await client.system_info()


async def test_connection_refused(session: aiohttp.ClientSession, closed_url: str) -> None:
    """Nothing listening is CannotConnect for every client."""
    url = closed_url
    for call in (
        SonarrClient(session, url, "k").system_status(),
        JellyfinClient(session, url, "k").system_info(),
        JellyseerrClient(session, url, "k").me(),
        ShokoClient(session, url, "k").check_auth(),
    ):
        with pytest.raises(CannotConnect):
            await call


async def test_wrong_keys_are_invalid_auth(
    session: aiohttp.ClientSession,
    sonarr_server: FakeSonarr,
    jellyfin_server: FakeJellyfin,
    jellyseerr_server: FakeJellyseerr,
    shoko_server: FakeShoko,
) -> None:
    """Each service's own refusal (401 or 403) is InvalidAuth."""
    for call in (
        SonarrClient(session, sonarr_server.url, "wrong").system_status(),
        JellyfinClient(session, jellyfin_server.url, "wrong").system_info(),
        JellyseerrClient(session, jellyseerr_server.url, "wrong").me(),
        ShokoClient(session, shoko_server.url, "wrong").check_auth(),
    ):
        with pytest.raises(InvalidAuth):
            await call


async def test_unexpected_status_is_api_error(
    session: aiohttp.ClientSession, sonarr_server: FakeSonarr
) -> None:
    """A 404 (wrong path prefix, say) names the endpoint and the status."""
    client = SonarrClient(session, sonarr_server.url + "/nothing-here", sonarr_server.api_key)
    with pytest.raises(ApiError, match=r"GET api/v3/system/status \(HTTP 404\)"):
        await client.system_status()


async def test_credentials_in_a_url_are_basic_auth_never_part_of_it(
    session: aiohttp.ClientSession, sonarr_server: FakeSonarr, jellyfin_server: FakeJellyfin
) -> None:
    """A reverse proxy's login in the URL: sent as basic auth, gone from the URL (logs, links).

    Jellyfin authenticates with its own Authorization header: there the login cannot be sent,
    and the client still works instead of failing on the clash.
    """
    with_login = sonarr_server.url.replace("://", "://proxy:s3cret@")
    sonarr = SonarrClient(session, with_login, sonarr_server.api_key)
    assert "s3cret" not in sonarr.base_url
    await sonarr.system_status()
    (call,) = sonarr_server.requests_to("/api/v3/system/status")
    assert call.headers["Authorization"] == aiohttp.encode_basic_auth("proxy", "s3cret")
    jellyfin = JellyfinClient(
        session,
        jellyfin_server.url.replace("://", "://proxy:s3cret@"),
        jellyfin_server.api_key,
        device_id="test",
    )
    assert "s3cret" not in jellyfin.base_url
    await jellyfin.system_info()


async def test_a_large_answer_is_decoded_off_the_event_loop(
    session: aiohttp.ClientSession, sonarr_server: FakeSonarr, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A few MB of JSON (a big library's series list) is decoded in the executor, the same."""
    template = next(iter(sonarr_server.series.values()))
    for n in range(600):
        sonarr_server.series[5000 + n] = {**template, "id": 5000 + n, "title": f"Show {n}"}
    threads: list[str] = []
    original = http.decode_body

    def recording(*args: Any) -> Any:
        threads.append(threading.current_thread().name)
        return original(*args)

    monkeypatch.setattr(http, "decode_body", recording)
    sonarr = SonarrClient(session, sonarr_server.url, sonarr_server.api_key)
    series = await sonarr.series_list()
    assert len(series) == len(sonarr_server.series)
    await sonarr.system_status()  # a small answer: decoded right away
    assert threads[0] != threading.current_thread().name
    assert threads[1] == threading.current_thread().name
