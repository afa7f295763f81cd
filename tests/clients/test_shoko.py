"""Shoko client, lookup and cleanup side, against the stateful fake (Shoko Server 5.3 routes).

The basic scenario: AniDB splits the anime (one Sonarr series, one TMDB show) into two Shoko
series, 12 (twelve files) and 13 (five of eight episodes on disk), all in import folder 1.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
import inspect
from typing import Any

import aiohttp
import pytest

from custom_components.status_tracker.clients import (
    ApiError,
    CannotConnect,
    InvalidAuth,
    shoko as shoko_module,
)
from custom_components.status_tracker.clients.shoko import ShokoClient
from tests.support.fakes.scenarios import SHOWS
from tests.support.fakes.shoko import FakeShoko

HOSHI = SHOWS[1]


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    """A plain client session, closed after the test."""
    async with aiohttp.ClientSession() as client_session:
        yield client_session


@pytest.fixture
def shoko(session: aiohttp.ClientSession, shoko_server: FakeShoko) -> ShokoClient:
    """A client of the fake Shoko."""
    return ShokoClient(session, shoko_server.url, shoko_server.api_key)


def ids(series: list[Any]) -> list[int]:
    """Shoko ids of series, in answer order."""
    return [s["IDs"]["ID"] for s in series]


# -- series lookup --------------------------------------------------------------------------


async def test_series_by_anidb(shoko: ShokoClient, shoko_server: FakeShoko) -> None:
    """The anime's Shoko series, or None when Shoko has none."""
    series = await shoko.series_by_anidb(18234)
    assert series is not None
    assert (series["IDs"]["ID"], series["Name"], series["Size"]) == (
        13,
        "Hoshi no Kakera (2026)",
        5,
    )
    assert await shoko.series_by_anidb(1) is None
    assert shoko_server.requests[0].headers["apikey"] == shoko_server.api_key


async def test_series_by_tmdb_show(shoko: ShokoClient) -> None:
    """Both AniDB series of the one TMDB show; a show Shoko has no data of: none."""
    assert ids(await shoko.series_by_tmdb_show(HOSHI["tmdbId"])) == [12, 13]
    assert await shoko.series_by_tmdb_show(1) == []


async def test_series_by_tvdb_reads_every_page(
    shoko: ShokoClient, shoko_server: FakeShoko, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No TvDB route since Shoko 5.1: the series list, page by page, matched on IDs.TvDB."""
    monkeypatch.setattr(shoko_module, "SERIES_PAGE_SIZE", 1)
    assert ids(await shoko.series_by_tvdb(HOSHI["tvdbId"])) == [12, 13]
    calls = shoko_server.requests_to("/api/v3/Series")
    assert [(c.query["page"], c.query["pageSize"]) for c in calls] == [("1", "1"), ("2", "1")]
    assert await shoko.series_by_tvdb(5) == []


async def test_series_by_tvdb_stops_at_max_pages(
    shoko: ShokoClient, shoko_server: FakeShoko, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bound on the pages read, whatever the server says its total is."""
    monkeypatch.setattr(shoko_module, "SERIES_PAGE_SIZE", 1)
    assert ids(await shoko.series_by_tvdb(HOSHI["tvdbId"], max_pages=1)) == [12]
    assert len(shoko_server.requests_to("/api/v3/Series")) == 1


async def test_series_by_path_matches_whole_folder_names(shoko: ShokoClient) -> None:
    """The end of a file's folder, case-insensitive, whole names only; separators either way."""
    for path in (
        "Hoshi no Kakera",
        "hoshi no kakera/",
        "anime\\Hoshi no Kakera",
        "/mnt/anime/Hoshi no Kakera",
    ):
        assert ids(await shoko.series_by_path(path)) == [12, 13], path
    assert await shoko.series_by_path("no Kakera") == []
    assert await shoko.series_by_path("Elsewhere/Hoshi no Kakera") == []


async def test_series_by_path_sends_any_name_intact(
    shoko: ShokoClient, shoko_server: FakeShoko
) -> None:
    """Characters that mean something in a URL (%, +, #, ?) reach Shoko as part of the name."""
    odd = "Hoshi 50% +1 #2? [v2]"
    for file in shoko_server.files.values():
        for location in file["Locations"]:
            location["RelativePath"] = location["RelativePath"].replace(
                "Hoshi no Kakera/", f"{odd}/"
            )
    assert ids(await shoko.series_by_path(odd)) == [12, 13]
    assert await shoko.series_by_path("Hoshi no Kakera") == []


async def test_series_by_path_refuses_an_empty_path(
    shoko: ShokoClient, shoko_server: FakeShoko
) -> None:
    """An empty path would match every series: refused before asking."""
    for path in ("", " ", "/", "\\"):
        with pytest.raises(ValueError, match="every series"):
            await shoko.series_by_path(path)
    assert shoko_server.requests == []


# -- files ----------------------------------------------------------------------------------


async def test_series_files_with_locations_and_episodes(
    shoko: ShokoClient, shoko_server: FakeShoko, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every file of a series, page by page, each with where it is and what it holds."""
    monkeypatch.setattr(shoko_module, "FILE_PAGE_SIZE", 2)
    files = await shoko.series_files(13)
    assert len(files) == 5
    calls = shoko_server.requests_to("/api/v3/Series/13/File")
    assert [c.query["page"] for c in calls] == ["1", "2", "3"]
    assert {c.query["include"] for c in calls} == {"XRefs,AbsolutePaths,ImportLimbo"}
    first = files[0]
    (location,) = first["Locations"]
    assert location["ImportFolderID"] == 1
    assert location["IsAccessible"] is True
    assert (
        location["RelativePath"] == "Hoshi no Kakera/[SubsPlease] Hoshi no Kakera - 13 (1080p).mkv"
    )
    assert location["AbsolutePath"] == f"/mnt/anime/{location['RelativePath']}"
    assert location["FileID"] == first["ID"]
    (xref,) = first["SeriesIDs"]
    assert (xref["SeriesID"]["ID"], xref["SeriesID"]["AniDB"]) == (13, 18234)
    assert [e["ID"] for e in xref["EpisodeIDs"]] == [1301]
    assert await shoko.series_files(99) == []


async def test_a_file_gone_from_disk_shows_as_inaccessible(
    shoko: ShokoClient, shoko_server: FakeShoko
) -> None:
    """Sonarr deleted it: Shoko still lists the file, not accessible."""
    shoko_server.remove_from_disk(13001)
    files = {f["ID"]: f for f in await shoko.series_files(13)}
    assert files[13001]["Locations"][0]["IsAccessible"] is False
    assert files[13002]["Locations"][0]["IsAccessible"] is True


async def test_remove_file_never_deletes_from_disk(
    shoko: ShokoClient, shoko_server: FakeShoko
) -> None:
    """removeFiles=false and removeFolder=false on every call; the record goes, once."""
    assert await shoko.remove_file(13001) is True
    assert await shoko.remove_file(13001) is False
    calls = shoko_server.requests_to("/api/v3/File/13001", "DELETE")
    assert len(calls) == 2
    assert all(c.query_all == {"removeFiles": ["false"], "removeFolder": ["false"]} for c in calls)
    assert shoko_server.deleted_files == [
        {"fileID": 13001, "removeFiles": False, "removeFolder": False}
    ]
    assert 13001 not in [f["ID"] for f in await shoko.series_files(13)]
    series = await shoko.series_by_anidb(18234)
    assert series is not None
    assert series["Size"] == 4


async def test_remove_file_has_no_way_to_delete_from_disk() -> None:
    """The method takes a file id and nothing else: there is no flag to pass by mistake."""
    assert list(inspect.signature(ShokoClient.remove_file).parameters) == ["self", "file_id"]


async def test_remove_file_needs_an_admin_key(shoko: ShokoClient, shoko_server: FakeShoko) -> None:
    """Shoko's [Authorize("admin")] refuses a user's key with 403: InvalidAuth, nothing removed."""
    shoko_server.users[0]["IsAdmin"] = False
    with pytest.raises(InvalidAuth, match="HTTP 403"):
        await shoko.remove_file(13001)
    assert shoko_server.deleted_files == []


async def test_scan_import_folder(shoko: ShokoClient, shoko_server: FakeShoko) -> None:
    """A scan is asked for (and seen by the fake); an unknown folder is an ApiError."""
    await shoko.scan_import_folder(1)
    assert shoko_server.scans == [1]
    with pytest.raises(ApiError, match=r"GET api/v3/ImportFolder/7/Scan \(HTTP 404\)"):
        await shoko.scan_import_folder(7)


# -- failures -------------------------------------------------------------------------------


def _calls(shoko: ShokoClient) -> dict[str, Callable[[], Awaitable[Any]]]:
    """One call of every public method."""
    return {
        "check_auth": shoko.check_auth,
        "series_by_anidb": lambda: shoko.series_by_anidb(18234),
        "series_by_tmdb_show": lambda: shoko.series_by_tmdb_show(HOSHI["tmdbId"]),
        "series_by_tvdb": lambda: shoko.series_by_tvdb(HOSHI["tvdbId"]),
        "series_by_path": lambda: shoko.series_by_path("Hoshi no Kakera"),
        "series_files": lambda: shoko.series_files(13),
        "remove_file": lambda: shoko.remove_file(13002),
        "scan_import_folder": lambda: shoko.scan_import_folder(1),
    }


def test_every_public_method_is_exercised(shoko: ShokoClient) -> None:
    """The failure and safety tests below cover every public method."""
    public = {
        name
        for name, _ in inspect.getmembers(ShokoClient, inspect.iscoroutinefunction)
        if not name.startswith("_")
    }
    assert public == set(_calls(shoko))


@pytest.mark.parametrize(
    ("behaviour", "error"),
    [
        ("down", CannotConnect),
        ("401", InvalidAuth),
        ("403", InvalidAuth),
        ("500", CannotConnect),
        ("html", ApiError),
    ],
)
async def test_failures_raise_never_look_like_nothing_found(
    shoko: ShokoClient, shoko_server: FakeShoko, behaviour: str, error: type[Exception]
) -> None:
    """None, [] and False only ever mean Shoko said so (404); every failure raises."""
    shoko_server.behaviour = behaviour
    for call in _calls(shoko).values():
        with pytest.raises(error):
            await call()
    shoko_server.behaviour = None
    assert shoko_server.deleted_files == []
    assert shoko_server.scans == []


async def test_truncated_answers_are_api_errors(
    shoko: ShokoClient, shoko_server: FakeShoko
) -> None:
    """A cut-off JSON answer is an ApiError for every reading method."""
    shoko_server.behaviour = "truncated"
    for name, call in _calls(shoko).items():
        if name in {"remove_file", "scan_import_folder"}:
            continue  # empty answers: nothing to cut
        with pytest.raises(ApiError, match="not valid JSON"):
            await call()


async def test_slow_shoko_times_out(
    session: aiohttp.ClientSession, shoko_server: FakeShoko
) -> None:
    """No answer in time is CannotConnect, and the file stays."""
    shoko_server.behaviour = "slow"
    shoko_server.slow_seconds = 5
    client = ShokoClient(session, shoko_server.url, shoko_server.api_key, timeout=0.2)
    with pytest.raises(CannotConnect, match="timed out"):
        await client.remove_file(13001)


async def test_every_call_keeps_files_on_disk(shoko: ShokoClient, shoko_server: FakeShoko) -> None:
    """Whatever is called, every DELETE to Shoko says removeFiles=false."""
    for call in _calls(shoko).values():
        await call()
    for file_id in list(shoko_server.files):
        await shoko.remove_file(file_id)
    deletes = [r for r in shoko_server.requests if r.method == "DELETE"]
    assert len(deletes) == 17  # one in the calls, then the sixteen files left
    assert all(r.query_all.get("removeFiles") == ["false"] for r in deletes)
    assert all(not d["removeFiles"] and not d["removeFolder"] for d in shoko_server.deleted_files)
