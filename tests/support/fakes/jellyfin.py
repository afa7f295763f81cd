"""A stateful fake Jellyfin 10.11 (PascalCase JSON, ``null`` properties omitted).

State (see ``scenarios.jellyfin_basic``): ``system_info``, ``users`` and ``items`` — BaseItemDto
dicts of every type (Series, Season, Episode) linked by ``ParentId``/``SeriesId``/``SeasonId``.
``Path`` and ``ProviderIds`` are only sent when asked for with ``Fields=``, as Jellyfin does.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
import re
from typing import Any, Final
from urllib.parse import unquote

from aiohttp import web

from .base import (
    Call,
    FakeHttpError,
    FakeServer,
    Json,
    Route,
    deep_copy,
    drop_nulls,
    empty_response,
    json_response,
)
from .scenarios import jellyfin_basic

_AUTH_PARAM: Final = re.compile(r'(\w+)="([^"]*)"')
_GUID: Final = re.compile(r"[0-9a-f]{32}")
_OPTIONAL_FIELDS: Final = ("Path", "ProviderIds")
_ITEM_KINDS: Final = frozenset(
    {"Series", "Season", "Episode", "Movie", "Folder", "CollectionFolder", "BoxSet", "Video"}
)


def _guid(raw: str) -> str:
    """Jellyfin binds GUIDs with or without dashes; a malformed one is a 400."""
    value = raw.replace("-", "").lower()
    if not _GUID.fullmatch(value):
        raise FakeHttpError(400, f"The value '{raw}' is not valid.")
    return value


def _csv(values: list[str]) -> list[str]:
    """Jellyfin's CommaDelimitedCollectionModelBinder: ``a,b`` or repeated keys."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


class FakeJellyfin(FakeServer):
    """Fake Jellyfin.

    Extra attributes: ``items`` (dict by id), ``users``, ``system_info``, and logs of what clients
    did: ``deleted_items``, ``media_updates`` (the ``Updates`` entries posted),
    ``library_refreshes`` (count), ``series_updates`` (tvdb ids), ``last_authorization`` (the
    parsed ``Authorization`` header parameters).

    A deletion reported to ``Library/Media/Updated`` (``UpdateType: Deleted``) takes the items
    of that path (a file, or a folder and everything in it) away at a later read, as Jellyfin's
    scan does: at the next read, or ``scan_lag_reads`` reads later; ``scanned_away`` lists
    them. ``ignores_deleted_paths`` answers but never scans (a broken library monitor).

    ``legacy_authorization=False`` behaves like Jellyfin's next release: only
    ``Authorization: MediaBrowser Token="…"`` and the ``ApiKey`` query parameter are accepted.
    """

    name = "jellyfin"

    def __init__(self, *, legacy_authorization: bool = True, **kwargs: Any) -> None:
        """See the class docstring; ``kwargs`` go to ``FakeServer``."""
        self.legacy_authorization = legacy_authorization
        self.last_authorization: dict[str, str] = {}
        self.scan_lag_reads = 0
        """Reads of the library a reported deletion takes to show (Jellyfin scans later)."""
        self.ignores_deleted_paths = False
        """Answer 204 to a reported deletion and never scan it (a broken library monitor)."""
        super().__init__(**kwargs)

    def default_scenario(self) -> Mapping[str, Any]:
        """The library matching ``scenarios.sonarr_basic``."""
        return jellyfin_basic()

    def load(self, scenario: Mapping[str, Any]) -> None:
        """Replace the state (a deep copy of ``scenario``)."""
        data = deep_copy(dict(scenario))
        self.system_info: dict[str, Any] = data.get("system_info", {})
        self.users: list[dict[str, Any]] = data.get("users", [])
        self.items: dict[str, dict[str, Any]] = {i["Id"]: i for i in data.get("items", [])}
        self.deleted_items: list[str] = []
        self.media_updates: list[dict[str, Any]] = []
        self.library_refreshes = 0
        self.series_updates: list[str] = []
        self.scanned_away: list[str] = []
        self._pending_scans: list[list[Any]] = []

    # -- auth ------------------------------------------------------------------------------

    def _token(self, request: web.Request) -> str | None:
        """Where Jellyfin's AuthorizationContext looks for the token, in its order."""
        headers = ["Authorization"] + (
            ["X-Emby-Authorization"] if self.legacy_authorization else []
        )
        for name in headers:
            value = request.headers.get(name, "")
            scheme, _, rest = value.partition(" ")
            schemes = {"mediabrowser"} | ({"emby"} if self.legacy_authorization else set())
            if scheme.lower() in schemes:
                params = {k: unquote(v) for k, v in _AUTH_PARAM.findall(rest)}
                self.last_authorization = params
                if params.get("Token"):
                    return params["Token"]
        if self.legacy_authorization:
            for name in ("X-Emby-Token", "X-MediaBrowser-Token"):
                if request.headers.get(name):
                    return request.headers[name]
        query = {k.lower(): v for k, v in request.query.items()}
        if "apikey" in query:
            return query["apikey"]
        return query.get("api_key") if self.legacy_authorization else None

    def check_auth(self, request: web.Request) -> web.StreamResponse | None:
        """A missing or unknown token is a bare 401."""
        return None if self._token(request) == self.api_key else web.Response(status=401)

    def forced_response(self, status: int) -> web.StreamResponse:
        """Jellyfin's auth failures carry no body; a 500 is a ProblemDetails."""
        if status in {401, 403}:
            return web.Response(status=status)
        return json_response(self.error_body(status, "Forced failure"), status)

    def error_body(self, status: int, message: str) -> Json:
        """ASP.NET ProblemDetails."""
        return {
            "type": "https://tools.ietf.org/html/rfc9110#section-15",
            "title": message,
            "status": status,
            "traceId": "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00",
        }

    # -- routes ------------------------------------------------------------------------------

    def routes(self) -> Iterable[Route]:
        """The endpoints the integration uses (10.9–10.11)."""
        return [
            Route("GET", "/System/Info/Public", self._info_public, auth=False),
            Route("GET", "/System/Info", self._info),
            Route("GET", "/Users", self._users),
            Route("GET", "/Items", self._items),
            Route("DELETE", "/Items", self._delete_many),
            Route("DELETE", "/Items/{itemId}", self._delete_one),
            Route("GET", "/Shows/{seriesId}/Episodes", self._episodes),
            Route("POST", "/Library/Refresh", self._refresh),
            Route("POST", "/Library/Media/Updated", self._media_updated),
            Route("POST", "/Library/Series/Updated", self._series_updated),
        ]

    def _dto(self, item: Mapping[str, Any], fields: set[str]) -> dict[str, Any]:
        """The item as Jellyfin serialises it for the requested ``Fields``."""
        result = {k: v for k, v in item.items() if k not in _OPTIONAL_FIELDS or k.lower() in fields}
        return dict(drop_nulls(deep_copy(result)))

    @staticmethod
    def _fields(call: Call) -> set[str]:
        return {f.lower() for f in _csv(call.query.get_all("Fields"))}

    def _page(self, call: Call, items: list[dict[str, Any]]) -> web.Response:
        """The QueryResult envelope, with StartIndex/Limit applied."""
        start = call.query.get_int("StartIndex", 0) or 0
        limit = call.query.get_int("Limit")
        fields = self._fields(call)
        window = items[start : None if limit is None else start + limit]
        return json_response(
            {
                "Items": [self._dto(item, fields) for item in window],
                "TotalRecordCount": len(items),
                "StartIndex": start,
            }
        )

    async def _info_public(self, call: Call) -> web.StreamResponse:
        keys = ("LocalAddress", "ServerName", "Version", "ProductName", "OperatingSystem", "Id")
        public = {k: self.system_info[k] for k in keys if k in self.system_info}
        public["StartupWizardCompleted"] = self.system_info.get("StartupWizardCompleted", True)
        return json_response(public)

    async def _info(self, call: Call) -> web.StreamResponse:
        return json_response(
            {
                "OperatingSystemDisplayName": "Linux",
                "HasPendingRestart": False,
                "IsShuttingDown": False,
                "SupportsLibraryMonitor": True,
                "WebSocketPortNumber": 8096,
                "CompletedInstallations": [],
                "CanSelfRestart": True,
                "CanLaunchWebBrowser": False,
                "ProgramDataPath": "/config/data",
                "WebPath": "/jellyfin/jellyfin-web",
                "ItemsByNamePath": "/config/metadata",
                "CachePath": "/cache",
                "LogPath": "/config/log",
                "InternalMetadataPath": "/config/metadata",
                "TranscodingTempPath": "/cache/transcodes",
                "CastReceiverApplications": [],
                "HasUpdateAvailable": False,
                "EncoderLocation": "System",
                "SystemArchitecture": "X64",
                **self.system_info,
            }
        )

    async def _users(self, call: Call) -> web.StreamResponse:
        return json_response(deep_copy(self.users))

    def _scan(self) -> None:
        """What a library scan does with reported deletions: items of gone paths disappear."""
        due = [scan for scan in self._pending_scans if scan[1] <= 0]
        for scan in self._pending_scans:
            scan[1] -= 1
        self._pending_scans = [scan for scan in self._pending_scans if scan[1] >= 0]
        for path, _ in due:
            gone = [
                item["Id"]
                for item in self.items.values()
                if isinstance(item.get("Path"), str)
                and (item["Path"] == path or item["Path"].startswith(path.rstrip("/") + "/"))
            ]
            for item_id in gone:
                if item_id in self.items:
                    self._remove(item_id)
                    self.scanned_away.append(item_id)

    def _remove(self, item_id: str) -> None:
        doomed = {item_id}
        for item in self.items.values():
            if {item.get("ParentId"), item.get("SeriesId"), item.get("SeasonId")} & {item_id}:
                doomed.add(item["Id"])
        for doomed_id in doomed:
            self.items.pop(doomed_id, None)

    async def _items(self, call: Call) -> web.StreamResponse:
        self._scan()
        kinds = _csv(call.query.get_all("IncludeItemTypes"))
        if unknown := [k for k in kinds if k not in _ITEM_KINDS]:
            raise FakeHttpError(400, f"The value '{unknown[0]}' is not valid.")
        excluded = set(_csv(call.query.get_all("ExcludeItemTypes")))
        ids = {_guid(i) for i in _csv(call.query.get_all("Ids"))}
        parent = call.query.get("ParentId")
        recursive = call.query.get_bool("Recursive")
        term = (call.query.get("SearchTerm") or "").lower()
        has_tvdb = call.query.get("HasTvdbId")
        has_tmdb = call.query.get("HasTmdbId")
        found = []
        for item in self.items.values():
            if ids and item["Id"] not in ids:
                continue
            # Without Recursive only a folder's direct children are listed; our items all live
            # below library folders, so the root lists none of them.
            if not ids and parent is None and not recursive:
                continue
            if parent is not None and _guid(parent) not in {
                item.get("ParentId"),
                *([item.get("SeriesId"), item.get("SeasonId")] if recursive else []),
            }:
                continue
            if (kinds and item["Type"] not in kinds) or item["Type"] in excluded:
                continue
            if term and term not in str(item.get("Name", "")).lower():
                continue
            providers = item.get("ProviderIds") or {}
            if has_tvdb is not None and bool(providers.get("Tvdb")) != (has_tvdb.lower() == "true"):
                continue
            if has_tmdb is not None and bool(providers.get("Tmdb")) != (has_tmdb.lower() == "true"):
                continue
            found.append(item)
        found.sort(
            key=lambda i: (
                str(i.get("SeriesName") or i.get("Name", "")).lower(),
                i.get("ParentIndexNumber") or 0,
                i.get("IndexNumber") or 0,
            )
        )
        return self._page(call, found)

    async def _episodes(self, call: Call) -> web.StreamResponse:
        self._scan()
        series_id = _guid(call.params["seriesId"])
        if self.items.get(series_id, {}).get("Type") != "Series":
            raise FakeHttpError(404, "Series not found")
        season = call.query.get_int("Season")
        season_id = call.query.get("SeasonId")
        missing = call.query.get("IsMissing")
        found = [
            i
            for i in self.items.values()
            if i["Type"] == "Episode"
            and i.get("SeriesId") == series_id
            and (season is None or i.get("ParentIndexNumber") == season)
            and (season_id is None or i.get("SeasonId") == _guid(season_id))
            and (
                missing is None
                or (i.get("LocationType") == "Virtual") == (missing.lower() == "true")
            )
        ]
        found.sort(key=lambda i: (i.get("ParentIndexNumber") or 0, i.get("IndexNumber") or 0))
        return self._page(call, found)

    def _delete(self, item_id: str) -> None:
        """Delete an item and everything below it (DeleteFileLocation=true)."""
        self._remove(item_id)
        self.deleted_items.append(item_id)

    async def _delete_one(self, call: Call) -> web.StreamResponse:
        item_id = _guid(call.params["itemId"])
        if item_id not in self.items:
            raise FakeHttpError(404, "Item not found")
        self._delete(item_id)
        return empty_response(204)

    async def _delete_many(self, call: Call) -> web.StreamResponse:
        for item_id in (_guid(i) for i in _csv(call.query.get_all("ids"))):
            if item_id not in self.items:
                raise FakeHttpError(404, "Item not found")
            self._delete(item_id)
        return empty_response(204)

    async def _refresh(self, call: Call) -> web.StreamResponse:
        self.library_refreshes += 1
        return empty_response(204)

    async def _media_updated(self, call: Call) -> web.StreamResponse:
        body = call.body if isinstance(call.body, dict) else None
        updates = body.get("Updates") if body else None
        if not isinstance(updates, list):
            raise FakeHttpError(400, "One or more validation errors occurred.")
        self.media_updates.extend(u for u in updates if isinstance(u, dict))
        if not self.ignores_deleted_paths:
            self._pending_scans.extend(
                [u["Path"], self.scan_lag_reads]
                for u in updates
                if isinstance(u, dict)
                and u.get("UpdateType") == "Deleted"
                and isinstance(u.get("Path"), str)
            )
        return empty_response(204)

    async def _series_updated(self, call: Call) -> web.StreamResponse:
        tvdb_id = call.query.get("tvdbId")
        if tvdb_id:
            self.series_updates.append(tvdb_id)
        return empty_response(204)
