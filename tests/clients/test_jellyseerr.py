"""Jellyseerr client, lookup and cleanup side, against the stateful fake (checked against the spec).

The fake follows Jellyseerr 2.7.3's routes and subscribers, so these tests also pin what
Jellyseerr does with each call: which statuses move, which requests complete, what a removal
takes with it.
"""

from __future__ import annotations

import ast
from collections.abc import AsyncIterator, Awaitable, Callable
import inspect
from pathlib import Path
import re
from typing import Any

import aiohttp
import pytest

from custom_components.status_tracker.clients import (
    ApiError,
    CannotConnect,
    InvalidAuth,
    jellyseerr as jellyseerr_module,
)
from custom_components.status_tracker.clients.jellyseerr import JellyseerrClient
from custom_components.status_tracker.clients.payloads.jellyseerr import (
    MEDIA_AVAILABLE,
    MEDIA_PARTIALLY_AVAILABLE,
    MEDIA_PENDING,
    MEDIA_PROCESSING,
    MEDIA_UNKNOWN,
    REQUEST_APPROVED,
    REQUEST_COMPLETED,
)
from tests.support.fakes.base import Call, FakeHttpError
from tests.support.fakes.fixtures import StartFake
from tests.support.fakes.jellyseerr import FakeJellyseerr
from tests.support.fakes.scenarios import SHOWS

HARBOR, HOSHI, MERIDIAN = SHOWS
FILE_ROUTE = re.compile(r"/media/[^/]+/file$", re.IGNORECASE)


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    """A plain client session, closed after the test."""
    async with aiohttp.ClientSession() as client_session:
        yield client_session


@pytest.fixture
def seerr(session: aiohttp.ClientSession, jellyseerr_server: FakeJellyseerr) -> JellyseerrClient:
    """A client of the fake Jellyseerr."""
    return JellyseerrClient(session, jellyseerr_server.url, jellyseerr_server.api_key)


def paths(fake: FakeJellyseerr) -> list[str]:
    """The paths the fake was asked for, in order."""
    return [r.path for r in fake.requests]


# -- lookup ---------------------------------------------------------------------------------


async def test_tv_details_carry_the_media_record_and_its_requests(
    seerr: JellyseerrClient, jellyseerr_server: FakeJellyseerr
) -> None:
    """/tv/{tmdbId}: TMDB's details, with Jellyseerr's own media id (not the TMDB id)."""
    details = await seerr.tv(HARBOR["tmdbId"])
    assert details["externalIds"]["tvdbId"] == HARBOR["tvdbId"]
    info = details["mediaInfo"]
    assert (info["id"], info["tmdbId"], info["tvdbId"]) == (11, HARBOR["tmdbId"], HARBOR["tvdbId"])
    assert [r["id"] for r in info["requests"]] == [5]
    assert [(s["seasonNumber"], s["status"]) for s in info["seasons"]] == [(1, MEDIA_PROCESSING)]
    assert jellyseerr_server.requests[-1].headers["X-Api-Key"] == jellyseerr_server.api_key


async def test_tv_details_failure_is_an_api_error_not_an_outage(
    seerr: JellyseerrClient, jellyseerr_server: FakeJellyseerr
) -> None:
    """An id TMDB does not know: Jellyseerr's 500 is its answer, with the status kept."""
    with pytest.raises(ApiError, match=r"GET api/v1/tv/1 \(HTTP 500\): .*TMDB") as caught:
        await seerr.tv(1)
    assert caught.value.status == 500
    jellyseerr_server.behaviour = "500"
    with pytest.raises(CannotConnect, match="HTTP 500"):
        await seerr.me()  # elsewhere a 500 stays an outage


async def test_media_for_series_by_tmdb_is_one_call(
    seerr: JellyseerrClient, jellyseerr_server: FakeJellyseerr
) -> None:
    """The TMDB id finds the record through /tv; the media list is not read."""
    media = await seerr.media_for_series(tmdb_id=HOSHI["tmdbId"], tvdb_id=HOSHI["tvdbId"])
    assert media is not None
    assert (media["id"], media["mediaType"], media["status"]) == (12, "tv", 4)
    assert paths(jellyseerr_server) == [f"/api/v1/tv/{HOSHI['tmdbId']}"]


async def test_media_for_series_by_tvdb_pages_through_the_media_list(
    seerr: JellyseerrClient, jellyseerr_server: FakeJellyseerr, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only a TVDB id: the media list, page by page (newest first), until it matches."""
    monkeypatch.setattr(jellyseerr_module, "MEDIA_PAGE_SIZE", 2)
    media = await seerr.media_for_series(tmdb_id=None, tvdb_id=MERIDIAN["tvdbId"])
    assert media is not None
    assert media["id"] == 13
    calls = jellyseerr_server.requests_to("/api/v1/media")
    assert [(c.query["take"], c.query["skip"]) for c in calls] == [("2", "0"), ("2", "2")]
    assert not jellyseerr_server.requests_to(f"/api/v1/tv/{MERIDIAN['tmdbId']}")


async def test_media_for_series_not_found(
    seerr: JellyseerrClient, jellyseerr_server: FakeJellyseerr, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every page read, nothing matches: None. No id at all: None without a call."""
    monkeypatch.setattr(jellyseerr_module, "MEDIA_PAGE_SIZE", 2)
    assert await seerr.media_for_series(tmdb_id=None, tvdb_id=999_999) is None
    skips = [c.query["skip"] for c in jellyseerr_server.requests_to("/api/v1/media")]
    assert skips == ["0", "2", "4"]  # five media, pages of two
    jellyseerr_server.reset_requests()
    assert await seerr.media_for_series(tmdb_id=None, tvdb_id=None) is None
    assert jellyseerr_server.requests == []


async def test_media_for_series_when_tmdb_fails_reads_the_media_list(
    seerr: JellyseerrClient, jellyseerr_server: FakeJellyseerr
) -> None:
    """Jellyseerr cannot reach TMDB (500): its own table still answers, by TMDB or TVDB id."""
    del jellyseerr_server.tv[HOSHI["tmdbId"]]
    media = await seerr.media_for_series(tmdb_id=HOSHI["tmdbId"], tvdb_id=None)
    assert media is not None
    assert media["id"] == 12
    assert paths(jellyseerr_server) == [f"/api/v1/tv/{HOSHI['tmdbId']}", "/api/v1/media"]
    by_tvdb = await seerr.media_for_series(tmdb_id=1, tvdb_id=HOSHI["tvdbId"])
    assert by_tvdb is not None
    assert by_tvdb["id"] == 12
    assert await seerr.media_for_series(tmdb_id=1, tvdb_id=None) is None


async def test_media_for_series_when_tmdb_knows_it_but_jellyseerr_has_no_record(
    seerr: JellyseerrClient, jellyseerr_server: FakeJellyseerr
) -> None:
    """/tv answers without mediaInfo: None; with a TVDB id the media list is asked too."""
    jellyseerr_server.tv[777] = {"id": 777, "name": "Elsewhere", "externalIds": {"tvdbId": 7}}
    assert await seerr.media_for_series(tmdb_id=777, tvdb_id=None) is None
    assert paths(jellyseerr_server) == ["/api/v1/tv/777"]
    # The same series under another TMDB id in Jellyseerr's table: found by its TVDB id.
    found = await seerr.media_for_series(tmdb_id=777, tvdb_id=HARBOR["tvdbId"])
    assert found is not None
    assert found["id"] == 11


class _ProxiedJellyseerr(FakeJellyseerr):
    """A Jellyseerr whose /tv route answers 404 (a proxy's or a later version's answer)."""

    async def _tv(self, call: Call) -> Any:
        raise FakeHttpError(404, "Not Found")


async def test_media_for_series_404_from_tv_is_not_found(
    session: aiohttp.ClientSession, start_fake: StartFake
) -> None:
    """A 404 from /tv is "not there", then the media list decides."""
    fake = await start_fake(_ProxiedJellyseerr)
    client = JellyseerrClient(session, fake.url, fake.api_key)
    with pytest.raises(ApiError, match="HTTP 404"):
        await client.tv(HARBOR["tmdbId"])
    media = await client.media_for_series(tmdb_id=HARBOR["tmdbId"], tvdb_id=None)
    assert media is not None
    assert media["id"] == 11
    assert await client.media_for_series(tmdb_id=123, tvdb_id=None) is None


@pytest.mark.parametrize(
    ("behaviour", "error"),
    [
        ("down", CannotConnect),
        ("401", InvalidAuth),
        ("403", InvalidAuth),
        ("500", CannotConnect),
        ("html", ApiError),
        ("truncated", ApiError),
    ],
)
async def test_lookup_failures_are_raised_never_none(
    seerr: JellyseerrClient,
    jellyseerr_server: FakeJellyseerr,
    behaviour: str,
    error: type[Exception],
) -> None:
    """A lookup that could not be made raises: None always means "Jellyseerr has none"."""
    jellyseerr_server.behaviour = behaviour
    with pytest.raises(error):
        await seerr.media_for_series(tmdb_id=HARBOR["tmdbId"], tvdb_id=HARBOR["tvdbId"])
    with pytest.raises(error):
        await seerr.media_for_series(tmdb_id=None, tvdb_id=HARBOR["tvdbId"])


async def test_a_down_jellyseerr_is_not_asked_twice(
    seerr: JellyseerrClient, jellyseerr_server: FakeJellyseerr
) -> None:
    """A connection failure on /tv is not "TMDB failed": no fallback to the media list."""
    jellyseerr_server.behaviour = "down"
    with pytest.raises(CannotConnect):
        await seerr.media_for_series(tmdb_id=HARBOR["tmdbId"], tvdb_id=HARBOR["tvdbId"])
    # (aiohttp itself may retry a dropped GET once; the media list is never asked.)
    assert set(paths(jellyseerr_server)) == {f"/api/v1/tv/{HARBOR['tmdbId']}"}


async def test_slow_jellyseerr_times_out(
    session: aiohttp.ClientSession, jellyseerr_server: FakeJellyseerr
) -> None:
    """No answer in time is CannotConnect, for the changes too."""
    jellyseerr_server.behaviour = "slow"
    jellyseerr_server.slow_seconds = 5
    client = JellyseerrClient(
        session, jellyseerr_server.url, jellyseerr_server.api_key, timeout=0.2
    )
    with pytest.raises(CannotConnect, match="timed out"):
        await client.delete_request(5)


# -- status updates -------------------------------------------------------------------------


async def test_available_marks_the_listed_seasons_and_completes_the_request(
    seerr: JellyseerrClient, jellyseerr_server: FakeJellyseerr
) -> None:
    """Seasons listed are marked AVAILABLE (created when missing); the approved request whose
    seasons are all there completes, as Jellyseerr's MediaSubscriber does."""
    media = await seerr.set_media_status(11, "available", seasons=[1, 2])
    assert media["status"] == MEDIA_AVAILABLE
    assert media["status4k"] == MEDIA_UNKNOWN
    assert [(s["seasonNumber"], s["status"]) for s in media["seasons"]] == [
        (1, MEDIA_AVAILABLE),
        (2, MEDIA_AVAILABLE),
    ]
    (call,) = jellyseerr_server.requests_to("/api/v1/media/11/available", "POST")
    assert call.json == {"is4k": False, "seasons": [{"seasonNumber": 1}, {"seasonNumber": 2}]}
    request = jellyseerr_server.media_requests[5]
    assert request["status"] == REQUEST_COMPLETED
    assert [s["status"] for s in request["seasons"]] == [REQUEST_COMPLETED]


async def test_partial_and_processing_change_the_media_status_only(
    seerr: JellyseerrClient, jellyseerr_server: FakeJellyseerr
) -> None:
    """No season moves, and no seasons are sent: Jellyseerr would ignore them."""
    media = await seerr.set_media_status(13, "partial")
    assert media["status"] == MEDIA_PARTIALLY_AVAILABLE
    assert [s["status"] for s in media["seasons"]] == [MEDIA_AVAILABLE]
    (call,) = jellyseerr_server.requests_to("/api/v1/media/13/partial", "POST")
    assert call.json == {"is4k": False}
    media = await seerr.set_media_status(12, "processing")
    assert media["status"] == MEDIA_PROCESSING
    assert [s["status"] for s in media["seasons"]] == [MEDIA_AVAILABLE, MEDIA_PARTIALLY_AVAILABLE]
    for status, code in (("pending", MEDIA_PENDING), ("unknown", MEDIA_UNKNOWN)):
        assert (await seerr.set_media_status(12, status))["status"] == code
    # Another client's view agrees: the change is stored.
    again = await seerr.media_for_series(tmdb_id=HOSHI["tmdbId"], tvdb_id=None)
    assert again is not None
    assert again["status"] == MEDIA_UNKNOWN


async def test_seasons_with_another_status_are_refused_before_sending(
    seerr: JellyseerrClient, jellyseerr_server: FakeJellyseerr
) -> None:
    """Jellyseerr cannot mark a season partial: asking for it is a programming error."""
    with pytest.raises(ValueError, match="only to 'available'"):
        await seerr.set_media_status(12, "partial", seasons=[2])
    assert jellyseerr_server.requests == []


async def test_4k_available_leaves_the_regular_status(
    seerr: JellyseerrClient, jellyseerr_server: FakeJellyseerr
) -> None:
    """is4k moves status4k (and the seasons' status4k) only."""
    media = await seerr.set_media_status(12, "available", seasons=[2], is4k=True)
    assert (media["status"], media["status4k"]) == (MEDIA_PARTIALLY_AVAILABLE, MEDIA_AVAILABLE)
    season = next(s for s in media["seasons"] if s["seasonNumber"] == 2)
    assert (season["status"], season["status4k"]) == (MEDIA_PARTIALLY_AVAILABLE, MEDIA_AVAILABLE)
    assert jellyseerr_server.media_requests[2]["status"] == REQUEST_APPROVED  # a regular request


async def test_status_update_refusals(seerr: JellyseerrClient) -> None:
    """Unknown media: 404; a movie cannot be partial: 400. Both are ApiErrors."""
    with pytest.raises(ApiError, match=r"POST api/v1/media/99/partial \(HTTP 404\)"):
        await seerr.set_media_status(99, "partial")
    with pytest.raises(ApiError, match=r"POST api/v1/media/15/partial \(HTTP 400\)"):
        await seerr.set_media_status(15, "partial")


# -- removals -------------------------------------------------------------------------------


async def test_delete_media_takes_its_requests_and_is_idempotent(
    seerr: JellyseerrClient, jellyseerr_server: FakeJellyseerr
) -> None:
    """The record goes with its requests; the second removal says it was already gone."""
    assert await seerr.delete_media(11) is True
    assert await seerr.delete_media(11) is False
    assert jellyseerr_server.deleted_media == [11]
    assert 5 not in jellyseerr_server.media_requests
    assert await seerr.media_for_series(tmdb_id=HARBOR["tmdbId"], tvdb_id=HARBOR["tvdbId"]) is None
    assert all(r["media"]["id"] != 11 for r in await seerr.requests())
    assert jellyseerr_server.file_deletions == []


async def test_delete_request_resets_the_media_as_jellyseerr_does(
    seerr: JellyseerrClient, jellyseerr_server: FakeJellyseerr
) -> None:
    """Its last request gone, a media not AVAILABLE is UNKNOWN again; an AVAILABLE one stays."""
    assert await seerr.delete_request(4) is True
    assert await seerr.delete_request(4) is False
    assert jellyseerr_server.media[14]["status"] == MEDIA_UNKNOWN
    assert await seerr.delete_request(1) is True
    assert jellyseerr_server.media[13]["status"] == MEDIA_AVAILABLE
    assert jellyseerr_server.deleted_requests == [4, 1]
    assert {r["id"] for r in await seerr.requests()} == {5, 3, 2}


@pytest.mark.parametrize(
    ("behaviour", "error", "match"),
    [
        ("401", InvalidAuth, "HTTP 401"),
        ("403", InvalidAuth, "HTTP 403"),
        ("500", CannotConnect, "HTTP 500"),
        ("html", ApiError, "HTML"),
        ("down", CannotConnect, "DELETE api/v1/"),
    ],
)
async def test_removal_failures_raise(
    seerr: JellyseerrClient,
    jellyseerr_server: FakeJellyseerr,
    behaviour: str,
    error: type[Exception],
    match: str,
) -> None:
    """Only a 404 is "already gone"; a login page answered with 200 is not a removal."""
    jellyseerr_server.behaviour = behaviour
    with pytest.raises(error, match=match):
        await seerr.delete_media(12)
    with pytest.raises(error, match=match):
        await seerr.delete_request(2)
    with pytest.raises(error):
        await seerr.set_media_status(12, "processing")
    jellyseerr_server.behaviour = None
    assert 12 in jellyseerr_server.media
    assert 2 in jellyseerr_server.media_requests


# -- never the file route -------------------------------------------------------------------


async def test_no_call_ever_reaches_the_file_route(
    seerr: JellyseerrClient, jellyseerr_server: FakeJellyseerr
) -> None:
    """Every public method, run against the fake: nothing asks Jellyseerr to delete files."""
    calls: dict[str, Callable[[], Awaitable[Any]]] = {
        "status": seerr.status,
        "me": seerr.me,
        "requests": seerr.requests,
        "tv": lambda: seerr.tv(HARBOR["tmdbId"]),
        "media_for_series": lambda: seerr.media_for_series(tmdb_id=1, tvdb_id=HOSHI["tvdbId"]),
        "set_media_status": lambda: seerr.set_media_status(12, "available", seasons=[2]),
        "delete_request": lambda: seerr.delete_request(2),
        "delete_media": lambda: seerr.delete_media(12),
    }
    public = {
        name
        for name, member in inspect.getmembers(JellyseerrClient, inspect.iscoroutinefunction)
        if not name.startswith("_")
    }
    assert public == set(calls), "a new public method must join this test"
    for call in calls.values():
        await call()
    assert jellyseerr_server.requests
    assert not [r.path for r in jellyseerr_server.requests if FILE_ROUTE.search(r.path)]
    assert jellyseerr_server.file_deletions == []


def test_the_client_source_never_builds_the_file_route() -> None:
    """No string in the module's code (docstrings apart) ends a path with /file."""
    tree = ast.parse(Path(inspect.getfile(jellyseerr_module)).read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    texts = [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    ]
    assert texts
    assert not [t for t in texts if "file" in t.lower()]
