"""Tests of the fake servers themselves: shapes, state, auth, misbehaviour and spec checks."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
import json
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web
import pytest
import yarl

from tests.support.clock import story_iso
from tests.support.fakes import Behaviour, FakeJellyfin, FakeJellyseerr, FakeShoko, FakeSonarr
from tests.support.fakes.base import ci_env
from tests.support.fakes.fixtures import (
    JELLYFIN_API_KEY,
    JELLYSEERR_API_KEY,
    SHOKO_API_KEY,
    SONARR_API_KEY,
    SpecCheckSkipped,
    StartFake,
    fake_problems,
    run_fake,
)
from tests.support.fakes.scenarios import (
    HARBOR_HASH,
    SHOWS,
    jellyfin_basic,
    jellyseerr_basic,
    shoko_basic,
    sonarr_basic,
)
from tests.support.fakes.spec_validation import convert_schema, load_spec

SONARR = {"X-Api-Key": SONARR_API_KEY}
JELLYFIN = {
    "Authorization": (
        f'MediaBrowser Token="{JELLYFIN_API_KEY}", Client="Status Tracker", '
        'Device="Home Assistant", DeviceId="st-test", Version="0.1.0"'
    )
}
SEERR = {"X-Api-Key": JELLYSEERR_API_KEY}
SHOKO = {"apikey": SHOKO_API_KEY}


@pytest.fixture
async def http(socket_enabled: None) -> AsyncIterator[aiohttp.ClientSession]:
    """A plain client session, closed after the test."""
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10)) as session:
        yield session


async def get_json(
    http: aiohttp.ClientSession, url: str, headers: dict[str, str], **params: Any
) -> tuple[int, Any]:
    """GET and decode; returns (status, body or None)."""
    async with http.get(url, headers=headers, params=params) as response:
        if "json" in response.content_type:
            return response.status, await response.json()
        return response.status, await response.text() or None


# -- base: listening, url_base, recording -----------------------------------------------------


async def test_start_listens_on_loopback_and_restarts_on_same_port(
    start_fake: StartFake, http: aiohttp.ClientSession
) -> None:
    fake = await start_fake(FakeSonarr, api_key="k")
    assert fake.url == f"http://127.0.0.1:{fake.port}"
    port = fake.port
    await fake.stop()
    with pytest.raises(aiohttp.ClientConnectorError):
        await get_json(http, f"{fake.url}/api/v3/system/status", {"X-Api-Key": "k"})
    await fake.start()
    assert fake.port == port
    status, body = await get_json(http, f"{fake.url}/api/v3/system/status", {"X-Api-Key": "k"})
    assert status == 200
    assert body["appName"] == "Sonarr"


async def test_url_base_prefixes_every_route(
    start_fake: StartFake, http: aiohttp.ClientSession
) -> None:
    fake = await start_fake(FakeSonarr, api_key="k", url_base="/sonarr/")
    assert fake.url.endswith("/sonarr")
    status, body = await get_json(http, f"{fake.url}/api/v3/system/status", {"X-Api-Key": "k"})
    assert (status, body["urlBase"]) == (200, "/sonarr")
    root = fake.url.removesuffix("/sonarr")
    status, _ = await get_json(http, f"{root}/api/v3/system/status", {"X-Api-Key": "k"})
    assert status == 404
    assert fake.requests[0].path == "/api/v3/system/status"


async def test_requests_are_recorded_and_reset(
    sonarr_server: FakeSonarr, http: aiohttp.ClientSession
) -> None:
    url = sonarr_server.url
    async with http.put(
        f"{url}/api/v3/episode/monitor",
        headers=SONARR,
        json={"episodeIds": [101], "monitored": False},
    ) as response:
        assert response.status == 202
    await get_json(http, f"{url}/api/v3/queue", SONARR, pageSize=50, seriesIds=1)
    put, queue = sonarr_server.requests
    assert (put.method, put.path, put.json) == (
        "PUT",
        "/api/v3/episode/monitor",
        {"episodeIds": [101], "monitored": False},
    )
    assert put.headers["x-api-key"] == SONARR_API_KEY
    assert (queue.route, queue.status, queue.query) == (
        "/api/v3/queue",
        200,
        {"pageSize": "50", "seriesIds": "1"},
    )
    assert len(sonarr_server.requests_to("/api/v3/queue", "get")) == 1
    sonarr_server.reset_requests()
    assert sonarr_server.requests == []


async def test_unknown_path_and_wrong_method(
    sonarr_server: FakeSonarr, http: aiohttp.ClientSession
) -> None:
    status, _ = await get_json(http, f"{sonarr_server.url}/api/v3/nope", SONARR)
    assert status == 404
    async with http.post(f"{sonarr_server.url}/api/v3/series/1", headers=SONARR) as response:
        assert response.status == 405


# -- behaviours -------------------------------------------------------------------------------


async def test_behaviour_down_drops_the_connection(
    sonarr_server: FakeSonarr, http: aiohttp.ClientSession
) -> None:
    sonarr_server.behaviour = "down"
    with pytest.raises(aiohttp.ClientConnectionError):
        await get_json(http, f"{sonarr_server.url}/api/v3/series", SONARR)
    assert sonarr_server.requests[-1].status is None
    sonarr_server.behaviour = None
    status, _ = await get_json(http, f"{sonarr_server.url}/api/v3/series", SONARR)
    assert status == 200


async def test_behaviour_limited_to_a_method(
    sonarr_server: FakeSonarr, http: aiohttp.ClientSession
) -> None:
    sonarr_server.set_behaviour("500", path="/api/v3/series/1", method="delete")
    status, _ = await get_json(http, f"{sonarr_server.url}/api/v3/series/1", SONARR)
    assert status == 200
    async with http.delete(f"{sonarr_server.url}/api/v3/series/1", headers=SONARR) as response:
        assert response.status == 500
    assert 1 in sonarr_server.series


async def test_behaviour_slow_lets_a_client_timeout_fire(
    sonarr_server: FakeSonarr, http: aiohttp.ClientSession
) -> None:
    sonarr_server.set_behaviour(Behaviour.SLOW)
    sonarr_server.slow_seconds = 5
    loop = asyncio.get_running_loop()
    started = loop.time()
    with pytest.raises(TimeoutError):
        async with http.get(
            f"{sonarr_server.url}/api/v3/series",
            headers=SONARR,
            timeout=aiohttp.ClientTimeout(total=0.2),
        ):
            pass
    assert loop.time() - started < 2


async def test_slow_answers_after_the_delay(
    sonarr_server: FakeSonarr, http: aiohttp.ClientSession
) -> None:
    sonarr_server.set_behaviour("slow")
    sonarr_server.slow_seconds = 0.05
    status, body = await get_json(http, f"{sonarr_server.url}/api/v3/series", SONARR)
    assert (status, len(body)) == (200, 3)


@pytest.mark.parametrize(
    ("behaviour", "status", "content_type"),
    [
        ("401", 401, "application/octet-stream"),
        ("403", 403, "application/json"),
        ("500", 500, "application/json"),
        ("html", 200, "text/html"),
        ("truncated", 200, "application/json"),
    ],
)
async def test_error_behaviours(
    sonarr_server: FakeSonarr,
    http: aiohttp.ClientSession,
    behaviour: str,
    status: int,
    content_type: str,
) -> None:
    sonarr_server.behaviour = behaviour
    async with http.get(f"{sonarr_server.url}/api/v3/series", headers=SONARR) as response:
        assert response.status == status
        assert response.content_type == content_type
        text = await response.text()
    if behaviour == "html":
        assert text.startswith("<!DOCTYPE html>")
        assert "password" in text
    if behaviour == "truncated":
        with pytest.raises(json.JSONDecodeError):
            json.loads(text)


async def test_behaviour_limited_to_a_path(
    sonarr_server: FakeSonarr, http: aiohttp.ClientSession
) -> None:
    sonarr_server.set_behaviour("500", path="/api/v3/queue")
    status, _ = await get_json(http, f"{sonarr_server.url}/api/v3/queue", SONARR)
    assert status == 500
    status, _ = await get_json(http, f"{sonarr_server.url}/api/v3/series", SONARR)
    assert status == 200


# -- auth -------------------------------------------------------------------------------------


async def test_sonarr_auth(sonarr_server: FakeSonarr, http: aiohttp.ClientSession) -> None:
    url = f"{sonarr_server.url}/api/v3/system/status"
    assert (await get_json(http, url, {}))[0] == 401
    assert (await get_json(http, url, {"X-Api-Key": "wrong"}))[0] == 401
    assert (await get_json(http, url, {}, apikey=SONARR_API_KEY))[0] == 200
    assert (await get_json(http, url, {"x-api-key": SONARR_API_KEY}))[0] == 200


async def test_jellyfin_auth(start_fake: StartFake, http: aiohttp.ClientSession) -> None:
    fake = await start_fake(FakeJellyfin, api_key=JELLYFIN_API_KEY)
    assert (await get_json(http, f"{fake.url}/System/Info/Public", {}))[0] == 200
    assert (await get_json(http, f"{fake.url}/System/Info", {}))[0] == 401
    assert (await get_json(http, f"{fake.url}/System/Info", JELLYFIN))[0] == 200
    assert fake.last_authorization["Client"] == "Status Tracker"
    assert fake.last_authorization["DeviceId"] == "st-test"
    legacy = {"X-Emby-Token": JELLYFIN_API_KEY}
    assert (await get_json(http, f"{fake.url}/System/Info", legacy))[0] == 200
    strict = await start_fake(FakeJellyfin, api_key=JELLYFIN_API_KEY, legacy_authorization=False)
    assert (await get_json(http, f"{strict.url}/System/Info", legacy))[0] == 401
    assert (await get_json(http, f"{strict.url}/System/Info", JELLYFIN))[0] == 200


async def test_jellyseerr_auth_401_without_key_403_with_wrong_key(
    jellyseerr_server: FakeJellyseerr, http: aiohttp.ClientSession
) -> None:
    url = f"{jellyseerr_server.url}/api/v1/request"
    status, body = await get_json(http, url, {})
    assert status == 401
    assert body["message"] == "cookie 'connect.sid' required"
    status, body = await get_json(http, url, {"X-Api-Key": "wrong"})
    assert (status, body) == (
        403,
        {"status": 403, "error": "You do not have permission to access this endpoint"},
    )
    status, body = await get_json(http, f"{jellyseerr_server.url}/api/v1/status", {})
    assert (status, body["version"]) == (200, "2.7.3")


async def test_shoko_login_and_key(shoko_server: FakeShoko, http: aiohttp.ClientSession) -> None:
    url = shoko_server.url
    login = {"user": "admin", "pass": "wrong", "device": "status-tracker"}
    async with http.post(f"{url}/api/auth", json=login) as response:
        assert response.status == 401
    async with http.post(f"{url}/api/auth", json={**login, "pass": "shoko-admin"}) as response:
        assert response.status == 200
        key = (await response.json())["apikey"]
    assert key == SHOKO_API_KEY
    assert shoko_server.issued_keys == {"status-tracker": SHOKO_API_KEY}
    assert (await get_json(http, f"{url}/api/v3/Init/Version", {}))[0] == 200
    assert (await get_json(http, f"{url}/api/v3/User/Current", {}))[0] == 401
    status, user = await get_json(http, f"{url}/api/v3/User/Current", {"apikey": key})
    assert (status, user["Username"], user["IsAdmin"]) == (200, "admin", True)


# -- spec validation --------------------------------------------------------------------------

_SPECS = Path(__file__).resolve().parents[2].parent / "shared" / "specs"
# These tests check the validator itself, so they need the specs; absent specs skip them with the
# reason, except under CI=true where an absent spec must be a failure (the fixtures then fail).
needs_specs = pytest.mark.skipif(
    not ci_env()
    and not all(
        (_SPECS / name).is_file()
        for name in ("sonarr-v3-openapi.json", "jellyseerr-v2.7.3-api.yml")
    ),
    reason=f"the OpenAPI specs are not in {_SPECS}",
)


@needs_specs
async def test_spec_validation_catches_a_wrong_sonarr_payload(
    sonarr_server: FakeSonarr, http: aiohttp.ClientSession
) -> None:
    assert sonarr_server.spec_status == "validated against sonarr-v3-openapi.json"
    sonarr_server.episodes[101]["episodeNumber"] = "one"
    status, _ = await get_json(http, f"{sonarr_server.url}/api/v3/episode", SONARR, seriesId=1)
    assert status == 200
    assert sonarr_server.spec_violations == [
        "sonarr: GET /api/v3/episode -> 200: at 0/episodeNumber: 'one' is not of type 'integer'"
    ]
    sonarr_server.spec_violations.clear()


@needs_specs
async def test_spec_validation_catches_a_wrong_jellyseerr_payload(
    jellyseerr_server: FakeJellyseerr, http: aiohttp.ClientSession
) -> None:
    jellyseerr_server.media_requests[5]["is4k"] = "no"
    jellyseerr_server.users[1]["email"] = None
    await get_json(http, f"{jellyseerr_server.url}/api/v1/request", SEERR)
    await get_json(http, f"{jellyseerr_server.url}/api/v1/auth/me", SEERR)
    violations = "\n".join(jellyseerr_server.spec_violations)
    assert "GET /request -> 200: at results/0/is4k: 'no' is not of type 'boolean'" in violations
    assert "GET /auth/me -> 200: at email: None is not of type 'string'" in violations
    jellyseerr_server.spec_violations.clear()


@needs_specs
async def test_spec_checks_dates_and_nullable(
    sonarr_server: FakeSonarr, http: aiohttp.ClientSession
) -> None:
    sonarr_server.episodes[101]["airDateUtc"] = "2026-07-03 01:00"
    sonarr_server.episodes[102]["absoluteEpisodeNumber"] = None  # nullable, and dropped anyway
    await get_json(http, f"{sonarr_server.url}/api/v3/episode", SONARR, episodeIds=[101, 102])
    assert sonarr_server.spec_violations == [
        "sonarr: GET /api/v3/episode -> 200: at 0/airDateUtc: "
        "'2026-07-03 01:00' is not a 'date-time'"
    ]
    sonarr_server.spec_violations.clear()


async def test_a_crashing_fake_answers_500_and_fails_the_test(
    sonarr_server: FakeSonarr, http: aiohttp.ClientSession
) -> None:
    sonarr_server.series[1]["seasons"] = None  # not iterable: the handler raises
    status, body = await get_json(http, f"{sonarr_server.url}/api/v3/series/1", SONARR)
    assert status == 500
    assert "TypeError" in body["message"]
    assert sonarr_server.spec_violations[0].startswith(
        "sonarr: the fake crashed on GET /api/v3/series/1: TypeError"
    )
    sonarr_server.spec_violations.clear()


async def test_fixture_teardown_fails_on_violations(socket_enabled: None) -> None:
    fake = FakeSonarr(api_key="k")
    steps = run_fake(fake)
    assert await anext(steps) is fake
    fake.spec_violations.append("sonarr: GET /x -> 200: at (root): broken")
    with pytest.raises(pytest.fail.Exception, match="broken"):
        await anext(steps)
    assert not fake.running


async def test_missing_spec_skips_checks_except_in_ci(
    socket_enabled: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    missing = tmp_path / "absent.json"
    monkeypatch.delenv("CI", raising=False)
    relaxed = FakeSonarr(spec_path=missing)
    await relaxed.start()
    await relaxed.stop()
    assert relaxed.spec_status.startswith("skipped: ")
    assert str(missing) in relaxed.spec_status
    with pytest.warns(SpecCheckSkipped, match="not found"):
        assert fake_problems(relaxed) == []

    monkeypatch.setenv("CI", "true")
    strict = FakeSonarr(spec_path=missing)
    await strict.start()
    await strict.stop()
    with pytest.warns(SpecCheckSkipped):
        assert fake_problems(strict) == [
            f"sonarr: spec file {missing} not found, answers are not validated "
            "(CI=true requires the spec)"
        ]


def test_convert_schema_handles_nullable_and_extra_properties() -> None:
    schema = convert_schema(
        {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "a": {"type": "string", "nullable": True},
                "b": {"$ref": "#/components/schemas/X", "nullable": True},
                "c": {"type": "string", "enum": ["x"], "nullable": True},
                "d": {"type": "object", "additionalProperties": {"type": "string"}},
            },
        }
    )
    assert schema == {
        "type": "object",
        "properties": {
            "a": {"type": ["string", "null"]},
            "b": {"anyOf": [{"$ref": "#/components/schemas/X"}, {"type": "null"}]},
            "c": {"type": ["string", "null"], "enum": ["x", None]},
            "d": {"type": "object", "additionalProperties": {"type": "string"}},
        },
    }


@needs_specs
def test_spec_rejects_unknown_operations_and_checks_request_bodies() -> None:
    spec = load_spec(FakeSonarr().spec_path or Path())
    assert spec.check("GET", "/api/v3/nope", 200, b"{}", "application/json") == [
        "GET /api/v3/nope -> 200: operation not in sonarr-v3-openapi.json"
    ]
    assert spec.check("GET", "/api/v3/series/{id}", 404, b"", "text/plain") == []
    assert spec.check_request("PUT", "/api/v3/episode/monitor", {"episodeIds": ["1"]}) == [
        "request body of PUT /api/v3/episode/monitor: at episodeIds/0: '1' is not of type 'integer'"
    ]


# -- Sonarr -----------------------------------------------------------------------------------


async def test_sonarr_queue_pages_like_sonarr(
    sonarr_server: FakeSonarr, http: aiohttp.ClientSession
) -> None:
    url = f"{sonarr_server.url}/api/v3/queue"
    status, page = await get_json(http, url, SONARR)
    assert status == 200
    assert {k: page[k] for k in ("page", "pageSize", "sortKey", "sortDirection")} == {
        "page": 1,
        "pageSize": 10,
        "sortKey": "timeleft",
        "sortDirection": "ascending",
    }
    assert (page["totalRecords"], len(page["records"])) == (14, 10)
    _, second = await get_json(http, url, SONARR, page=2)
    assert len(second["records"]) == 4
    _, everything = await get_json(http, url, SONARR, pageSize=100, includeEpisode="true")
    pack = [r for r in everything["records"] if r["downloadId"] == HARBOR_HASH]
    assert len(pack) == 13
    assert {(r["size"], r["sizeleft"], r["title"]) for r in pack} == {
        (28_634_218_496, 9_876_543_210, "Harbor.Lights.S01.1080p.ATVP.WEB-DL.DDP5.1.H.264-FLUX")
    }
    assert sorted(r["episode"]["episodeNumber"] for r in pack) == list(range(1, 14))
    assert len({r["id"] for r in pack}) == 13
    assert "series" not in pack[0]


async def test_sonarr_queue_details_and_remove(
    sonarr_server: FakeSonarr, http: aiohttp.ClientSession
) -> None:
    url = sonarr_server.url
    _, details = await get_json(
        http, f"{url}/api/v3/queue/details", SONARR, seriesId=1, includeSeries="true"
    )
    assert len(details) == 13
    assert details[0]["series"]["title"] == "Harbor Lights"
    async with http.delete(
        f"{url}/api/v3/queue/{details[0]['id']}",
        headers=SONARR,
        params={"removeFromClient": "true", "blocklist": "false"},
    ) as response:
        assert response.status == 200
    _, after = await get_json(http, f"{url}/api/v3/queue/details", SONARR)
    assert len(after) == 1
    assert sonarr_server.removed_queue_items[0]["downloadId"] == HARBOR_HASH


async def test_sonarr_episodes_anime_and_query_binding(
    sonarr_server: FakeSonarr, http: aiohttp.ClientSession
) -> None:
    url = f"{sonarr_server.url}/api/v3/episode"
    _, anime = await get_json(http, url, SONARR, SERIESID=2, seasonNumber=2)
    assert [e["absoluteEpisodeNumber"] for e in anime] == list(range(13, 21))
    assert [e["hasFile"] for e in anime] == [True] * 5 + [False] * 3
    _, standard = await get_json(http, url, SONARR, seriesId=1)
    assert "absoluteEpisodeNumber" not in standard[0]
    assert (await get_json(http, url, SONARR))[0] == 400
    assert (await get_json(http, url, SONARR, seriesId="abc"))[0] == 400
    _, with_file = await get_json(http, url, SONARR, episodeIds=201, includeEpisodeFile="true")
    assert with_file[0]["episodeFile"]["releaseGroup"] == "SubsPlease"


async def test_sonarr_delete_episode_file_updates_episodes_and_statistics(
    sonarr_server: FakeSonarr, http: aiohttp.ClientSession
) -> None:
    url = sonarr_server.url
    _, before = await get_json(http, f"{url}/api/v3/series/3", SONARR)
    _, files = await get_json(http, f"{url}/api/v3/episodefile", SONARR, seriesId=3)
    doomed = files[0]
    async with http.delete(f"{url}/api/v3/episodefile/{doomed['id']}", headers=SONARR) as resp:
        assert resp.status == 200
    _, episodes = await get_json(http, f"{url}/api/v3/episode", SONARR, seriesId=3)
    first = episodes[0]
    assert (first["hasFile"], first["episodeFileId"], first["monitored"]) == (False, 0, True)
    _, after = await get_json(http, f"{url}/api/v3/series/3", SONARR)
    assert after["statistics"]["episodeFileCount"] == before["statistics"]["episodeFileCount"] - 1
    assert after["statistics"]["sizeOnDisk"] == before["statistics"]["sizeOnDisk"] - doomed["size"]
    assert after["seasons"][1]["statistics"]["percentOfEpisodes"] == pytest.approx(87.5)
    _, history = await get_json(
        http, f"{url}/api/v3/history", SONARR, eventType=5, episodeId=first["id"]
    )
    assert history["records"][0]["eventType"] == "episodeFileDeleted"
    assert history["records"][0]["data"]["reason"] == "Manual"
    async with http.delete(f"{url}/api/v3/episodefile/{doomed['id']}", headers=SONARR) as resp:
        assert resp.status == 404
    assert sonarr_server.deleted_episode_files == [doomed["id"]]


async def test_sonarr_auto_unmonitor_and_bulk_delete(
    sonarr_server: FakeSonarr, http: aiohttp.ClientSession
) -> None:
    sonarr_server.settings["autoUnmonitorPreviouslyDownloadedEpisodes"] = True
    url = sonarr_server.url
    ids = [f["id"] for f in sonarr_server.episode_files.values() if f["seriesId"] == 2][:3]
    async with http.delete(
        f"{url}/api/v3/episodefile/bulk", headers=SONARR, json={"episodeFileIds": ids}
    ) as response:
        assert response.status == 200
    _, episodes = await get_json(http, f"{url}/api/v3/episode", SONARR, seriesId=2)
    assert [(e["hasFile"], e["monitored"]) for e in episodes[:4]] == [(False, False)] * 3 + [
        (True, True)
    ]
    mixed = [next(iter(sonarr_server.episode_files)), max(sonarr_server.episode_files)]
    async with http.delete(
        f"{url}/api/v3/episodefile/bulk", headers=SONARR, json={"episodeFileIds": mixed}
    ) as response:
        assert response.status == 200
    assert "mixed series" in sonarr_server.client_errors[0]
    sonarr_server.client_errors.clear()
    async with http.delete(
        f"{url}/api/v3/episodefile/bulk", headers=SONARR, json={"episodeFileIds": []}
    ) as response:
        assert response.status == 500


async def test_sonarr_delete_series(sonarr_server: FakeSonarr, http: aiohttp.ClientSession) -> None:
    url = sonarr_server.url
    _, found = await get_json(http, f"{url}/api/v3/series", SONARR, tvdbId=438921)
    assert [s["id"] for s in found] == [1]
    async with http.delete(
        f"{url}/api/v3/series/1",
        headers=SONARR,
        params={"deleteFiles": "true", "addImportListExclusion": "false"},
    ) as response:
        assert response.status == 200
    assert sonarr_server.deleted_series == [
        {"id": 1, "title": "Harbor Lights", "deleteFiles": True, "addImportListExclusion": False}
    ]
    assert (await get_json(http, f"{url}/api/v3/series/1", SONARR))[0] == 404
    assert (await get_json(http, f"{url}/api/v3/series", SONARR, tvdbId=438921))[1] == []
    _, queue = await get_json(http, f"{url}/api/v3/queue", SONARR)
    assert queue["totalRecords"] == 1
    async with http.delete(f"{url}/api/v3/series/1", headers=SONARR) as response:
        assert response.status == 404


async def test_sonarr_monitor(sonarr_server: FakeSonarr, http: aiohttp.ClientSession) -> None:
    url = sonarr_server.url
    async with http.put(
        f"{url}/api/v3/episode/monitor",
        headers=SONARR,
        json={"episodeIds": [219, 220], "monitored": False},
    ) as response:
        assert response.status == 202
        assert [e["monitored"] for e in await response.json()] == [False, False]
    _, episodes = await get_json(http, f"{url}/api/v3/episode", SONARR, episodeIds=[219, 220])
    assert [e["monitored"] for e in episodes] == [False, False]


async def test_sonarr_history_filters(
    sonarr_server: FakeSonarr, http: aiohttp.ClientSession
) -> None:
    url = f"{sonarr_server.url}/api/v3/history"
    _, page = await get_json(http, url, SONARR, eventType=1, pageSize=100)
    assert page["totalRecords"] == 22
    assert {r["eventType"] for r in page["records"]} == {"grabbed"}
    assert page["records"][0]["date"] >= page["records"][-1]["date"]
    _, pack = await get_json(http, url, SONARR, downloadId=HARBOR_HASH, pageSize=50)
    grab = pack["records"][0]
    assert pack["totalRecords"] == 13
    assert grab["data"]["torrentInfoHash"] == HARBOR_HASH.lower()
    assert grab["data"]["releaseType"] == "SeasonPack"
    _, by_series = await get_json(http, url, SONARR, seriesIds=[2, 3], pageSize=100)
    assert {r["seriesId"] for r in by_series["records"]} == {2, 3}
    _, since = await get_json(
        http, f"{url}/since", SONARR, date=story_iso("2026-11-21T00:00:00Z"), eventType="grabbed"
    )
    assert [r["episodeId"] for r in since] == [218]
    _, series = await get_json(http, f"{url}/series", SONARR, seriesId=3, eventType=3)
    assert len(series) == 8
    assert (await get_json(http, url, SONARR, eventType="bogus"))[0] == 400


async def test_sonarr_commands(start_fake: StartFake, http: aiohttp.ClientSession) -> None:
    fake = await start_fake(FakeSonarr, api_key="k", command_polls=2)
    headers = {"X-Api-Key": "k"}
    async with http.post(
        f"{fake.url}/api/v3/command", headers=headers, json={"name": "RescanSeries", "seriesId": 2}
    ) as response:
        assert response.status == 201
        command = await response.json()
    assert (command["name"], command["commandName"], command["status"]) == (
        "RescanSeries",
        "Rescan Series",
        "queued",
    )
    assert command["body"]["seriesId"] == 2
    states = []
    for _ in range(3):
        _, polled = await get_json(http, f"{fake.url}/api/v3/command/{command['id']}", headers)
        states.append(polled["status"])
    assert states == ["started", "completed", "completed"]
    assert polled["result"] == "successful"
    async with http.post(
        f"{fake.url}/api/v3/command", headers=headers, json={"name": "NoSuchCommand"}
    ) as response:
        assert response.status == 500
    _, listed = await get_json(http, f"{fake.url}/api/v3/command", headers)
    assert [c["name"] for c in listed] == ["RescanSeries"]


def _webhook(url: str, name: str = "Status Tracker") -> dict[str, Any]:
    return {
        "name": name,
        "implementation": "Webhook",
        "configContract": "WebhookSettings",
        "onGrab": True,
        "onDownload": True,
        "onEpisodeFileDelete": True,
        "onSeriesDelete": True,
        "fields": [
            {"name": "url", "value": url},
            {"name": "method", "value": 1},
            {"name": "username", "value": ""},
            {"name": "password", "value": ""},
        ],
        "tags": [],
    }


async def test_sonarr_notifications_persist(
    sonarr_server: FakeSonarr, http: aiohttp.ClientSession
) -> None:
    url = f"{sonarr_server.url}/api/v3/notification"
    async with http.post(url, headers=SONARR, json=_webhook("http://127.0.0.1:1/hook")) as resp:
        assert resp.status == 201
        created = await resp.json()
    assert created["implementationName"] == "Webhook"
    async with http.post(url, headers=SONARR, json=_webhook("http://x")) as resp:
        assert resp.status == 400
        assert (await resp.json())[0]["errorMessage"] == "Should be unique"
    changed = {**created, "onGrab": False}
    async with http.put(f"{url}/{created['id']}", headers=SONARR, json=changed) as resp:
        assert resp.status == 202
    _, listed = await get_json(http, url, SONARR)
    assert [(n["id"], n["onGrab"]) for n in listed] == [(created["id"], False)]
    async with http.delete(f"{url}/{created['id']}", headers=SONARR) as resp:
        assert resp.status == 200
    assert (await get_json(http, f"{url}/{created['id']}", SONARR))[0] == 404
    assert sonarr_server.webhook_tests == []


async def test_sonarr_sends_the_test_event_when_asked(
    start_fake: StartFake, http: aiohttp.ClientSession
) -> None:
    received: list[Any] = []

    async def hook(request: web.Request) -> web.Response:
        received.append((request.method, await request.json()))
        return web.Response(status=200)

    app = web.Application()
    app.router.add_post("/hook", hook)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    hook_url = f"http://127.0.0.1:{runner.addresses[0][1]}/hook"
    try:
        fake = await start_fake(FakeSonarr, api_key="k", send_test_on_create=True)
        url = f"{fake.url}/api/v3/notification"
        headers = {"X-Api-Key": "k"}
        async with http.post(url, headers=headers, json=_webhook(hook_url)) as resp:
            assert resp.status == 201
        assert received == [("POST", received[0][1])]
        payload = received[0][1]
        assert payload["eventType"] == "Test"
        assert payload["series"]["title"] == "Test Title"
        assert payload["episodes"][0]["id"] == 123
    finally:
        await runner.cleanup()
    dead = _webhook(hook_url, name="Dead")
    async with http.post(url, headers=headers, json=dead) as resp:
        assert resp.status == 400
        failure = (await resp.json())[0]
    assert failure["propertyName"] == "Url"
    assert failure["errorMessage"].startswith("Unable to send test message")
    async with http.post(url, headers=headers, json=dead, params={"forceSave": "true"}) as resp:
        assert resp.status == 201
    assert len(fake.notifications) == 2


async def test_sonarr_download_clients(
    sonarr_server: FakeSonarr, http: aiohttp.ClientSession
) -> None:
    _, clients = await get_json(http, f"{sonarr_server.url}/api/v3/downloadclient", SONARR)
    (client,) = clients
    fields = {f["name"]: f.get("value") for f in client["fields"]}
    assert (client["implementation"], client["protocol"]) == ("QBittorrent", "torrent")
    assert (fields["host"], fields["port"], fields["tvCategory"]) == (
        "127.0.0.1",
        8080,
        "tv-sonarr",
    )


# -- Jellyfin ---------------------------------------------------------------------------------


async def test_jellyfin_items(jellyfin_server: FakeJellyfin, http: aiohttp.ClientSession) -> None:
    url = f"{jellyfin_server.url}/Items"
    _, result = await get_json(
        http,
        url,
        JELLYFIN,
        IncludeItemTypes="Series",
        Recursive="true",
        Fields="ProviderIds,Path",
    )
    assert result["TotalRecordCount"] == 3
    assert result["StartIndex"] == 0
    names = [i["Name"] for i in result["Items"]]
    assert names == ["Harbor Lights", "Hoshi no Kakera", "Quiet Meridian"]
    harbor = result["Items"][0]
    assert harbor["ProviderIds"]["Tvdb"] == "438921"
    assert harbor["Path"] == "/data/media/tv/Harbor Lights (2026)"
    assert len(harbor["Id"]) == 32
    assert int(harbor["Id"], 16) >= 0
    _, bare = await get_json(http, url, JELLYFIN, includeItemTypes="Series", recursive="true")
    assert "Path" not in bare["Items"][0]
    assert "ProviderIds" not in bare["Items"][0]
    _, flat = await get_json(http, url, JELLYFIN, IncludeItemTypes="Series")
    assert flat["TotalRecordCount"] == 0
    _, page = await get_json(
        http, url, JELLYFIN, IncludeItemTypes="Series", Recursive="true", StartIndex=1, Limit=1
    )
    assert ([i["Name"] for i in page["Items"]], page["TotalRecordCount"]) == (
        ["Hoshi no Kakera"],
        3,
    )


async def test_jellyfin_episodes_and_delete(
    jellyfin_server: FakeJellyfin, http: aiohttp.ClientSession
) -> None:
    hoshi = next(i for i in jellyfin_server.items.values() if i["Name"] == "Hoshi no Kakera")
    url = f"{jellyfin_server.url}/Shows/{hoshi['Id']}/Episodes"
    _, everything = await get_json(http, url, JELLYFIN, Fields="Path,ProviderIds")
    assert everything["TotalRecordCount"] == 20
    assert {i["LocationType"] for i in everything["Items"]} == {"FileSystem", "Virtual"}
    _, present = await get_json(http, url, JELLYFIN, Fields="Path", IsMissing="false")
    assert present["TotalRecordCount"] == 17
    episode = present["Items"][12]
    assert (episode["ParentIndexNumber"], episode["IndexNumber"], episode["Type"]) == (
        2,
        1,
        "Episode",
    )
    assert episode["Path"].endswith("-SubsPlease.mkv")
    async with http.delete(f"{jellyfin_server.url}/Items/{episode['Id']}", headers=JELLYFIN) as r:
        assert r.status == 204
    async with http.delete(f"{jellyfin_server.url}/Items/{episode['Id']}", headers=JELLYFIN) as r:
        assert r.status == 404
    _, after = await get_json(http, url, JELLYFIN, IsMissing="false")
    assert after["TotalRecordCount"] == 16
    assert jellyfin_server.deleted_items == [episode["Id"]]
    missing = "0" * 32
    assert (await get_json(http, f"{jellyfin_server.url}/Shows/{missing}/Episodes", JELLYFIN))[
        0
    ] == 404


async def test_jellyfin_library_notifications(
    jellyfin_server: FakeJellyfin, http: aiohttp.ClientSession
) -> None:
    updates = {
        "Updates": [{"Path": "/data/media/tv/Quiet Meridian (2024)", "UpdateType": "Deleted"}]
    }
    async with http.post(
        f"{jellyfin_server.url}/Library/Media/Updated", headers=JELLYFIN, json=updates
    ) as response:
        assert response.status == 204
    async with http.post(f"{jellyfin_server.url}/Library/Refresh", headers=JELLYFIN) as response:
        assert response.status == 204
    assert jellyfin_server.media_updates == updates["Updates"]
    assert jellyfin_server.library_refreshes == 1
    status, users = await get_json(http, f"{jellyfin_server.url}/Users", JELLYFIN)
    assert (status, users[0]["Policy"]["IsAdministrator"]) == (200, True)


# -- Jellyseerr -------------------------------------------------------------------------------


async def test_jellyseerr_requests_page(
    jellyseerr_server: FakeJellyseerr, http: aiohttp.ClientSession
) -> None:
    url = f"{jellyseerr_server.url}/api/v1/request"
    _, first = await get_json(http, url, SEERR)
    assert first["pageInfo"] == {"pages": 1, "pageSize": 10, "results": 5, "page": 1}
    assert [r["id"] for r in first["results"]] == [5, 4, 3, 2, 1]
    harbor = first["results"][0]
    assert harbor["seasons"][0]["seasonNumber"] == 1
    assert harbor["media"]["externalServiceId"] == 1
    assert harbor["media"]["status"] == 3
    assert harbor["requestedBy"]["displayName"] == "maria"
    _, page = await get_json(http, url, SEERR, take=2, skip=2)
    assert page["pageInfo"] == {"pages": 3, "pageSize": 2, "results": 5, "page": 2}
    assert [r["id"] for r in page["results"]] == [3, 2]
    _, pending = await get_json(http, url, SEERR, filter="pending")
    assert [r["id"] for r in pending["results"]] == [4]
    _, tv = await get_json(http, url, SEERR, mediaType="tv", take=50)
    assert 3 not in [r["id"] for r in tv["results"]]
    status, error = await get_json(http, url, SEERR, filter="bogus")
    assert status == 400
    assert error["message"].startswith("request/query/filter must be equal to one of")


async def test_jellyseerr_tv_media_and_delete(
    jellyseerr_server: FakeJellyseerr, http: aiohttp.ClientSession
) -> None:
    url = jellyseerr_server.url
    _, tv = await get_json(http, f"{url}/api/v1/tv/245678", SEERR)
    assert (tv["mediaInfo"]["id"], tv["externalIds"]["tvdbId"]) == (11, 438921)
    assert [r["id"] for r in tv["mediaInfo"]["requests"]] == [5]
    status, error = await get_json(http, f"{url}/api/v1/tv/1", SEERR)
    assert (status, error) == (500, {"message": "Unable to retrieve series."})
    _, media = await get_json(http, f"{url}/api/v1/media", SEERR, filter="available")
    assert sorted(m["id"] for m in media["results"]) == [13, 15]
    async with http.delete(f"{url}/api/v1/request/4", headers=SEERR) as response:
        assert response.status == 204
    assert (await get_json(http, f"{url}/api/v1/request/4", SEERR))[0] == 404
    async with http.delete(f"{url}/api/v1/media/13", headers=SEERR) as response:
        assert response.status == 204
    _, rest = await get_json(http, f"{url}/api/v1/request", SEERR)
    assert [r["id"] for r in rest["results"]] == [5, 3, 2]
    async with http.post(
        f"{url}/api/v1/media/11/available", headers=SEERR, json={"seasons": [{"seasonNumber": 1}]}
    ) as response:
        assert response.status == 200
        assert (await response.json())["seasons"][0]["status"] == 5
    _, me = await get_json(http, f"{url}/api/v1/auth/me", SEERR)
    assert me["id"] == 1
    _, about = await get_json(http, f"{url}/api/v1/settings/about", SEERR)
    assert about["totalRequests"] == 3


async def test_jellyseerr_file_delete_reaches_linked_sonarr(
    jellyseerr_server: FakeJellyseerr, sonarr_server: FakeSonarr, http: aiohttp.ClientSession
) -> None:
    jellyseerr_server.linked_sonarr = sonarr_server
    async with http.delete(
        f"{jellyseerr_server.url}/api/v1/media/13/file", headers=SEERR
    ) as response:
        assert response.status == 204
    assert jellyseerr_server.file_deletions == [
        {"mediaId": 13, "tvdbId": 401122, "is4k": False, "sonarrSeriesIds": [3]}
    ]
    assert sonarr_server.deleted_series[0]["deleteFiles"] is True
    assert 3 not in sonarr_server.series


async def _post(
    http: aiohttp.ClientSession, url: str, body: Any, headers: dict[str, str] = SEERR
) -> tuple[int, Any]:
    async with http.post(url, headers=headers, json=body) as response:
        if "json" in response.content_type:
            return response.status, await response.json()
        return response.status, await response.text() or None


async def _delete(http: aiohttp.ClientSession, url: str, headers: dict[str, str]) -> int:
    async with http.delete(url, headers=headers) as response:
        return response.status


async def test_jellyseerr_status_updates_follow_2_7_3(
    jellyseerr_server: FakeJellyseerr, http: aiohttp.ClientSession
) -> None:
    """media.ts: only "available" honours is4k and seasons; "deleted" passes and changes nothing."""
    media = f"{jellyseerr_server.url}/api/v1/media"
    status, body = await _post(
        http, f"{media}/12/partial", {"is4k": True, "seasons": [{"seasonNumber": 1}]}
    )
    assert status == 200
    assert (body["status"], body["status4k"]) == (4, 1)
    assert [(s["seasonNumber"], s["status"]) for s in body["seasons"]] == [(1, 5), (2, 4)]
    status, body = await _post(http, f"{media}/12/deleted", {})
    assert (status, body["status"]) == (200, 4)
    status, error = await _post(http, f"{media}/12/gone", {})
    assert status == 400
    assert error["message"].startswith("request/params/status must be equal to one of")
    status, body = await _post(
        http, f"{media}/12/available", {"is4k": True, "seasons": [{"seasonNumber": 3}]}
    )
    assert (body["status"], body["status4k"]) == (4, 5)
    created = body["seasons"][-1]
    assert (created["seasonNumber"], created["status"], created["status4k"]) == (3, 1, 5)
    assert created["id"] == max(
        s["id"] for m in jellyseerr_server.media.values() for s in m["seasons"]
    )
    assert [u["status"] for u in jellyseerr_server.status_updates] == [
        "partial",
        "deleted",
        "available",
    ]
    status, _ = await _post(http, f"{media}/12/available", {"is4k": "yes"})
    assert status == 400  # the validator: is4k must be a boolean
    jellyseerr_server.client_errors.clear()


async def test_jellyseerr_available_completes_requests_like_its_subscribers(
    jellyseerr_server: FakeJellyseerr, http: aiohttp.ClientSession
) -> None:
    """PENDING → AVAILABLE approves the pending request; an approved request whose seasons
    all became available completes; one still missing a season does not."""
    media = f"{jellyseerr_server.url}/api/v1/media"
    await _post(http, f"{media}/14/available", {"seasons": [{"seasonNumber": 1}]})
    request = jellyseerr_server.media_requests[4]
    assert (request["status"], request["seasons"][0]["status"]) == (5, 5)
    await _post(http, f"{media}/12/available", {"seasons": [{"seasonNumber": 1}]})
    hoshi = jellyseerr_server.media_requests[2]  # asks for seasons 1 and 2
    assert hoshi["status"] == 2
    assert [s["status"] for s in hoshi["seasons"]] == [2, 2]  # season 1 was available already
    await _post(http, f"{media}/12/available", {"seasons": [{"seasonNumber": 2}]})
    assert hoshi["status"] == 2  # season 1 did not change in this update and was not completed
    await _post(http, f"{media}/12/partial", {})
    await _post(
        http, f"{media}/12/available", {"seasons": [{"seasonNumber": 1}, {"seasonNumber": 2}]}
    )
    assert [s["status"] for s in hoshi["seasons"]] == [2, 5]
    movie = jellyseerr_server.media_requests[3]
    movie["status"] = 2
    await _post(http, f"{media}/15/processing", {})
    await _post(http, f"{media}/15/available", {})
    assert movie["status"] == 5


async def test_jellyseerr_request_removal_moves_the_media_back(
    jellyseerr_server: FakeJellyseerr, http: aiohttp.ClientSession
) -> None:
    """MediaRequestSubscriber.afterRemove: no request left and not AVAILABLE → UNKNOWN."""
    url = jellyseerr_server.url
    assert await _delete(http, f"{url}/api/v1/request/2", SEERR) == 204
    assert jellyseerr_server.media[12]["status"] == 1
    assert await _delete(http, f"{url}/api/v1/request/1", SEERR) == 204
    assert jellyseerr_server.media[13]["status"] == 5
    assert await _delete(http, f"{url}/api/v1/request/1", SEERR) == 404
    assert jellyseerr_server.deleted_requests == [2, 1]
    status, error = await get_json(http, f"{url}/api/v1/request/x", SEERR)
    assert (status, error["message"]) == (400, "request/params/requestId must be number")
    assert await _delete(http, f"{url}/api/v1/media/12", SEERR) == 204
    assert await _delete(http, f"{url}/api/v1/media/12", SEERR) == 404


async def test_jellyseerr_media_list_newest_id_first(
    jellyseerr_server: FakeJellyseerr, http: aiohttp.ClientSession
) -> None:
    """The default order is id DESC, as numbers (9 after 11)."""
    jellyseerr_server.media[9] = {
        **jellyseerr_server.media[14],
        "id": 9,
        "tvdbId": 9,
        "seasons": [],
    }
    _, page = await get_json(http, f"{jellyseerr_server.url}/api/v1/media", SEERR, take=50)
    assert [m["id"] for m in page["results"]] == [15, 14, 13, 12, 11, 9]
    _, page = await get_json(
        http, f"{jellyseerr_server.url}/api/v1/media", SEERR, sort="modified", take=2, skip=2
    )
    assert page["pageInfo"] == {"pages": 3, "pageSize": 2, "results": 6, "page": 2}


async def test_jellyseerr_entity_fields_the_spec_leaves_out_are_checked(
    jellyseerr_server: FakeJellyseerr, http: aiohttp.ClientSession
) -> None:
    """A media's seasons and status4k are not in the spec's MediaInfo: checked all the same."""
    jellyseerr_server.media[12]["seasons"][0]["status"] = "5"
    jellyseerr_server.media[11]["status4k"] = 0
    jellyseerr_server.media_requests[5]["seasons"][0]["status"] = 6
    url = jellyseerr_server.url
    await get_json(http, f"{url}/api/v1/media", SEERR)
    await get_json(http, f"{url}/api/v1/tv/{SHOWS[0]['tmdbId']}", SEERR)
    await get_json(http, f"{url}/api/v1/request/5", SEERR)
    await _post(http, f"{url}/api/v1/media/12/pending", {})
    violations = "\n".join(jellyseerr_server.spec_violations)
    entity = "(Jellyseerr entity, not in the spec)"
    assert f"GET /api/v1/media -> media {entity}: at results/3/seasons/0/status: '5'" in violations
    assert f"GET /api/v1/media -> media {entity}: at results/4/status4k: 0" in violations
    assert f"GET /api/v1/tv/{{tvId}} -> media {entity}: at mediaInfo/status4k" in violations
    where = "mediaInfo/requests/0/seasons/0/status"
    assert f"GET /api/v1/tv/{{tvId}} -> request seasons {entity}: at {where}" in violations
    assert (
        f"GET /api/v1/request/{{requestId}} -> request seasons {entity}: at seasons/0/status: 6"
        in violations
    )
    assert (
        f"POST /api/v1/media/{{mediaId}}/{{status}} -> media {entity}: at seasons/0/status"
        in violations
    )
    jellyseerr_server.spec_violations.clear()


async def test_every_jellyseerr_deletion_answer_matches(
    jellyseerr_server: FakeJellyseerr, http: aiohttp.ClientSession
) -> None:
    """The routes a deletion uses, each answer checked (spec and entities; teardown fails)."""
    url = f"{jellyseerr_server.url}/api/v1"
    for show in SHOWS:
        assert (await get_json(http, f"{url}/tv/{show['tmdbId']}", SEERR))[0] == 200
    for query in ({}, {"filter": "allavailable"}, {"sort": "mediaAdded", "take": 1}):
        assert (await get_json(http, f"{url}/media", SEERR, **query))[0] == 200
    for action in ("available", "partial", "processing", "pending", "unknown"):
        body = {"is4k": False, "seasons": [{"seasonNumber": 1}, {"seasonNumber": 4}]}
        assert (await _post(http, f"{url}/media/11/{action}", body))[0] == 200
    assert (await get_json(http, f"{url}/request/5", SEERR))[0] == 200
    assert await _delete(http, f"{url}/request/5", SEERR) == 204
    assert await _delete(http, f"{url}/media/11", SEERR) == 204
    assert jellyseerr_server.spec_violations == []
    assert jellyseerr_server.client_errors == []


# -- Shoko ------------------------------------------------------------------------------------


async def test_shoko_series_and_episodes(
    shoko_server: FakeShoko, http: aiohttp.ClientSession
) -> None:
    url = f"{shoko_server.url}/api/v3"
    _, series = await get_json(http, f"{url}/Series/AniDB/18234/Series", SHOKO)
    assert (series["IDs"]["ID"], series["IDs"]["TvDB"]) == (13, [438107])
    status, message = await get_json(http, f"{url}/Series/AniDB/1/Series", SHOKO)
    assert (status, message) == (404, "No Series entry for the given anidbID")
    _, present = await get_json(http, f"{url}/Series/13/Episode", SHOKO)
    assert present["Total"] == 5
    assert "Files" not in present["List"][0]
    _, everything = await get_json(
        http, f"{url}/Series/13/Episode", SHOKO, includeMissing="true", includeFiles="true"
    )
    assert everything["Total"] == 8
    file_id = everything["List"][0]["Files"][0]["ID"]
    async with http.delete(
        f"{url}/File/{file_id}", headers=SHOKO, params={"removeFiles": "false"}
    ) as response:
        assert response.status == 200
    assert shoko_server.deleted_files == [
        {"fileID": file_id, "removeFiles": False, "removeFolder": True}
    ]
    _, after = await get_json(http, f"{url}/Series/13/Episode", SHOKO)
    assert after["Total"] == 4
    _, same = await get_json(http, f"{url}/Series/12", SHOKO)
    assert same["IDs"]["AniDB"] == 17890


async def test_shoko_series_list_pages_and_validates(
    shoko_server: FakeShoko, http: aiohttp.ClientSession
) -> None:
    url = f"{shoko_server.url}/api/v3/Series"
    _, first = await get_json(http, url, SHOKO, pageSize=1)
    assert (first["Total"], [s["IDs"]["ID"] for s in first["List"]]) == (2, [12])
    _, second = await get_json(http, url, SHOKO, pageSize=1, page=2)
    assert [s["IDs"]["ID"] for s in second["List"]] == [13]
    _, everything = await get_json(http, url, SHOKO, pageSize=0)
    assert [s["Size"] for s in everything["List"]] == [12, 5]
    _, starts = await get_json(http, url, SHOKO, startsWith="HOSHI NO KAKERA (")
    assert [s["IDs"]["ID"] for s in starts["List"]] == [13]
    for bad in ({"pageSize": 101}, {"page": 0}, {"pageSize": -1}):
        status, problem = await get_json(http, url, SHOKO, **bad)
        assert (status, problem["status"]) == (400, 400), bad


async def test_shoko_path_ends_with(shoko_server: FakeShoko, http: aiohttp.ClientSession) -> None:
    """Catch-all route: the end of each file's directory, case-insensitive, %2F decoded."""
    url = f"{shoko_server.url}/api/v3/Series/PathEndsWith"

    async def found(raw: str) -> list[int]:
        async with http.get(yarl.URL(f"{url}/{raw}", encoded=True), headers=SHOKO) as response:
            assert response.status == 200
            return [s["IDs"]["ID"] for s in await response.json()]

    assert await found("%2Fhoshi%20no%20kakera") == [12, 13]
    assert await found("anime/Hoshi%20no%20Kakera/") == [12, 13]
    assert await found("anime%5CHoshi%20no%20Kakera") == [12, 13]
    assert await found("%2Fno%20Kakera") == []
    assert await found("Kakera") == [12, 13]  # a plain string ending, not a folder name
    assert await found("%2F") == [12, 13]  # nothing left: every folder ends with ""


async def test_shoko_tmdb_show_series(shoko_server: FakeShoko, http: aiohttp.ClientSession) -> None:
    url = f"{shoko_server.url}/api/v3/Tmdb/Show"
    _, series = await get_json(http, f"{url}/{SHOWS[1]['tmdbId']}/Shoko/Series", SHOKO)
    assert [s["IDs"]["ID"] for s in series] == [12, 13]
    status, text = await get_json(http, f"{url}/1/Shoko/Series", SHOKO)
    assert (status, text) == (404, "A TMDB.Show by the given `showID` was not found.")
    shoko_server.series.clear()  # Shoko keeps the show's data when its series go
    assert await get_json(http, f"{url}/{SHOWS[1]['tmdbId']}/Shoko/Series", SHOKO) == (200, [])


async def test_shoko_series_files(shoko_server: FakeShoko, http: aiohttp.ClientSession) -> None:
    url = f"{shoko_server.url}/api/v3/Series/12/File"
    _, plain = await get_json(http, url, SHOKO)
    assert plain["Total"] == 12
    file = plain["List"][0]
    assert "SeriesIDs" not in file
    assert "AbsolutePath" not in file["Locations"][0]
    assert file["Locations"][0] == {
        "ID": 120010,
        "FileID": 12001,
        "ImportFolderID": 1,
        "RelativePath": "Hoshi no Kakera/[SubsPlease] Hoshi no Kakera - 01 (1080p).mkv",
        "IsAccessible": True,
    }
    assert file["Hashes"]["ED2K"]
    assert file["Duration"] == "00:23:40.0420000"
    _, full = await get_json(http, url, SHOKO, include="xrefs,AbsolutePaths", pageSize=5, page=3)
    assert (full["Total"], len(full["List"])) == (12, 2)
    (xref,) = full["List"][0]["SeriesIDs"]
    assert xref["SeriesID"] == {
        "ID": 12,
        "AniDB": 17890,
        "TMDB": {"Movie": [], "Show": [SHOWS[1]["tmdbId"]]},
    }
    assert xref["EpisodeIDs"][0]["ID"] == 1211
    assert full["List"][0]["Locations"][0]["AbsolutePath"].startswith("/mnt/anime/Hoshi no Kakera/")
    _, everything = await get_json(http, url, SHOKO, pageSize=0)
    assert len(everything["List"]) == 12
    shoko_server.files[12001]["IsIgnored"] = True
    _, shown = await get_json(http, url, SHOKO, pageSize=0)
    assert len(shown["List"]) == 11
    _, with_ignored = await get_json(http, url, SHOKO, pageSize=0, include="Ignored")
    assert len(with_ignored["List"]) == 12
    for bad in ({"include": "Everything"}, {"pageSize": 1001}, {"page": 0}):
        assert (await get_json(http, url, SHOKO, **bad))[0] == 400, bad
    status, text = await get_json(http, f"{shoko_server.url}/api/v3/Series/99/File", SHOKO)
    assert (status, text) == (404, "No Series entry for the given seriesID")


async def test_shoko_file_removal_and_disk_state(
    shoko_server: FakeShoko, http: aiohttp.ClientSession
) -> None:
    """Shoko's defaults (removeFiles, removeFolder true) are logged as such; admin only."""
    url = f"{shoko_server.url}/api/v3"
    assert await _delete(http, f"{url}/File/12001", SHOKO) == 200
    assert shoko_server.deleted_files == [
        {"fileID": 12001, "removeFiles": True, "removeFolder": True}
    ]
    assert await _delete(http, f"{url}/File/12001", SHOKO) == 404
    _, series = await get_json(http, f"{url}/Series/12", SHOKO)
    assert (series["Size"], series["Sizes"]["Local"]["Episodes"]) == (11, 11)
    _, episodes = await get_json(http, f"{url}/Series/12/Episode", SHOKO, includeMissing="only")
    assert [e["IDs"]["ID"] for e in episodes["List"]] == [1201]
    shoko_server.remove_from_disk(12002)
    _, files = await get_json(http, f"{url}/Series/12/Episode", SHOKO, includeFiles="true")
    assert files["List"][0]["Files"][0]["Locations"][0]["IsAccessible"] is False
    shoko_server.users[0]["IsAdmin"] = False
    assert await _delete(http, f"{url}/File/12003", SHOKO) == 403
    assert 12003 in shoko_server.files


async def test_shoko_import_folder_scan(
    shoko_server: FakeShoko, http: aiohttp.ClientSession
) -> None:
    url = f"{shoko_server.url}/api/v3/ImportFolder"
    async with http.get(f"{url}/1/Scan", headers=SHOKO) as response:
        assert (response.status, await response.read()) == (200, b"")
    status, text = await get_json(http, f"{url}/2/Scan", SHOKO)
    assert (status, text) == (404, "Folder not found")
    assert shoko_server.scans == [1]


def test_shoko_scenario_files_move_into_one_table() -> None:
    """A file held by two episodes is one file; an explicit folder list replaces the default."""
    scenario = shoko_basic()
    scenario["episodes"][1]["Files"] = scenario["episodes"][0]["Files"]
    scenario["import_folders"] = [{"ID": 3, "Name": "Other", "Path": "/other/"}]
    fake = FakeShoko(scenario=scenario)
    assert fake.file_episodes[12001] == [1201, 1202]
    assert 12002 not in fake.files  # its only episode now holds 12001
    assert list(fake.import_folders) == [3]
    assert "Files" in scenario["episodes"][0]  # the scenario itself is untouched


# -- misbehaviour on the deletion routes -----------------------------------------------------


@pytest.mark.parametrize("behaviour", ["down", "401", "403", "500", "html"])
async def test_deletion_routes_misbehave_without_changing_state(
    jellyseerr_server: FakeJellyseerr,
    shoko_server: FakeShoko,
    http: aiohttp.ClientSession,
    behaviour: str,
) -> None:
    """Every behaviour switch works on the new routes, and a refused call changes nothing."""
    jellyseerr_server.behaviour = behaviour
    shoko_server.behaviour = behaviour
    seerr = f"{jellyseerr_server.url}/api/v1"
    shoko = f"{shoko_server.url}/api/v3"
    calls = [
        ("DELETE", f"{seerr}/media/11", SEERR, None),
        ("DELETE", f"{seerr}/request/5", SEERR, None),
        ("POST", f"{seerr}/media/12/partial", SEERR, {}),
        ("GET", f"{seerr}/tv/{SHOWS[0]['tmdbId']}", SEERR, None),
        ("GET", f"{seerr}/media", SEERR, None),
        ("DELETE", f"{shoko}/File/12001?removeFiles=false", SHOKO, None),
        ("GET", f"{shoko}/ImportFolder/1/Scan", SHOKO, None),
        ("GET", f"{shoko}/Series/12/File", SHOKO, None),
        ("GET", f"{shoko}/Series/PathEndsWith/Hoshi", SHOKO, None),
        ("GET", f"{shoko}/Tmdb/Show/{SHOWS[1]['tmdbId']}/Shoko/Series", SHOKO, None),
        ("GET", f"{shoko}/Series", SHOKO, None),
    ]
    expected = {"401": 401, "403": 403, "500": 500, "html": 200}
    for method, url, headers, body in calls:
        if behaviour == "down":
            with pytest.raises(aiohttp.ClientConnectionError):
                async with http.request(method, url, headers=headers, json=body):
                    pass
            continue
        async with http.request(method, url, headers=headers, json=body) as response:
            assert response.status == expected[behaviour], url
            if behaviour == "html":
                assert response.content_type == "text/html"
    assert 11 in jellyseerr_server.media
    assert 5 in jellyseerr_server.media_requests
    assert jellyseerr_server.media[12]["status"] == 4
    assert 12001 in shoko_server.files
    assert shoko_server.scans == []


async def test_deletion_routes_slow_and_truncated(
    jellyseerr_server: FakeJellyseerr, shoko_server: FakeShoko, http: aiohttp.ClientSession
) -> None:
    """Slow answers late (then acts); truncated acts and cuts its answer in half."""
    shoko_server.set_behaviour("slow", path="/api/v3/ImportFolder")
    shoko_server.slow_seconds = 0.05
    async with http.get(
        f"{shoko_server.url}/api/v3/ImportFolder/1/Scan", headers=SHOKO
    ) as response:
        assert response.status == 200
    assert shoko_server.scans == [1]
    jellyseerr_server.behaviour = "truncated"
    async with http.post(
        f"{jellyseerr_server.url}/api/v1/media/12/pending", headers=SEERR, json={}
    ) as response:
        assert (response.status, response.content_type) == (200, "application/json")
        text = await response.text()
    with pytest.raises(json.JSONDecodeError):
        json.loads(text)
    assert jellyseerr_server.media[12]["status"] == 2


# -- scenarios and loading -------------------------------------------------------------------


async def test_load_replaces_state_without_touching_the_scenario(
    sonarr_server: FakeSonarr, http: aiohttp.ClientSession
) -> None:
    scenario = sonarr_basic()
    scenario["series"] = scenario["series"][:1]
    sonarr_server.load(scenario)
    _, series = await get_json(http, f"{sonarr_server.url}/api/v3/series", SONARR)
    assert [s["title"] for s in series] == ["Harbor Lights"]
    sonarr_server.series[1]["title"] = "Changed"
    assert scenario["series"][0]["title"] == "Harbor Lights"
    assert sonarr_basic()["series"][0]["title"] == "Harbor Lights"


def test_scenarios_agree_with_each_other() -> None:
    sonarr = sonarr_basic()
    jellyfin_paths = {i.get("Path") for i in jellyfin_basic()["items"] if i["Type"] == "Episode"}
    assert {f["path"] for f in sonarr["episode_files"]} <= jellyfin_paths
    seerr = jellyseerr_basic()
    sonarr_ids = {s["id"]: s["tvdbId"] for s in sonarr["series"]}
    for media in seerr["media"]:
        if media["externalServiceId"] is not None:
            assert sonarr_ids[media["externalServiceId"]] == media["tvdbId"]
    assert any(s["seriesType"] == "anime" for s in sonarr["series"])
    assert {r["type"] for r in seerr["requests"]} == {"tv", "movie"}


async def test_every_basic_answer_matches_the_specs(
    sonarr_server: FakeSonarr, jellyseerr_server: FakeJellyseerr, http: aiohttp.ClientSession
) -> None:
    """Walk every read endpoint with all includes; the fixtures fail on any violation."""
    base = f"{sonarr_server.url}/api/v3"
    includes: dict[str, Any] = {"includeSeries": "true", "includeEpisode": "true", "pageSize": 100}
    endpoints: list[tuple[str, dict[str, Any]]] = [
        ("/system/status", {}),
        ("/downloadclient", {}),
        ("/series", {}),
        ("/series/2", {}),
        ("/episode", {"seriesId": 2, "includeSeries": "true", "includeEpisodeFile": "true"}),
        ("/episodefile", {"seriesId": 2}),
        ("/queue", includes),
        ("/queue/details", {"includeSeries": "true", "includeEpisode": "true"}),
        ("/history", includes),
        ("/history/since", {"date": "2020-01-01T00:00:00Z", "includeEpisode": "true"}),
        ("/history/series", {"seriesId": 3, "includeSeries": "true"}),
        ("/notification", {}),
        ("/command", {}),
    ]
    for path, params in endpoints:
        status, _ = await get_json(http, base + path, SONARR, **params)
        assert status == 200, path
    seerr = f"{jellyseerr_server.url}/api/v1"
    for path in ("/status", "/auth/me", "/settings/about", "/request", "/media", "/tv/239871"):
        status, _ = await get_json(http, seerr + path, SEERR, take=50)
        assert status == 200, path
    assert sonarr_server.spec_violations == []
    assert jellyseerr_server.spec_violations == []
