"""A stateful fake Jellyseerr 2.7.3 (Express; answers checked against its ``jellyseerr-api.yml``).

State (see ``scenarios.jellyseerr_basic``): ``status``, ``users`` (id 1 is the admin the API key
acts as), ``media`` (Media entities with their ``seasons``), ``requests`` (MediaRequests, kept
as ``media_requests``; each embeds its media at answer time) and ``tv`` (TMDB details by TMDB
id, for ``/tv/{id}``).

Auth as the real server: the OpenAPI validator answers **401** ``{"message": "cookie 'connect.sid'
required", …}`` when no key is sent; a wrong key passes it and ``isAuthenticated`` answers **403**
``{"status": 403, "error": "You do not have permission to access this endpoint"}``.

Changes follow v2.7.3's routes and TypeORM subscribers (``server/routes/media.ts``,
``request.ts``, ``server/subscriber/MediaSubscriber.ts``, ``MediaRequestSubscriber.ts``): a status
update saves the media (and the seasons "available" lists) and then completes the approved
requests whose seasons all became available; removing a request sets its media back to UNKNOWN
when no request of that quality is left and the media is not AVAILABLE; removing a media removes
its seasons and requests (ON DELETE CASCADE).

Answers are checked twice: against the OpenAPI file by the base class, and, because the file
leaves most of the Media entity out (``MediaInfo`` has no ``mediaType``, ``status4k``,
``seasons``; ``MediaRequest`` no ``seasons``), the media and season objects of every answer
that carries them against ``ENTITY_SCHEMAS`` (read from ``server/entity/Media.ts``, ``Season.ts``,
``SeasonRequest.ts``), reported in ``spec_violations`` the same way.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping
from datetime import UTC, datetime
import json
import math
from typing import TYPE_CHECKING, Any, Final

import aiohttp
from aiohttp import web
from jsonschema import Draft4Validator  # type: ignore[import-untyped]

from .base import (
    _ROUTE_KEY,
    Call,
    FakeHttpError,
    FakeServer,
    Json,
    Route,
    deep_copy,
    empty_response,
    json_response,
)
from .scenarios import jellyseerr_basic
from .spec_validation import FORMAT_CHECKER

if TYPE_CHECKING:
    from .sonarr import FakeSonarr

# server/routes/request.ts: which request and media statuses each ``filter`` keeps.
_REQUEST_FILTER: Final[Mapping[str, frozenset[int]]] = {
    "approved": frozenset({2}),
    "processing": frozenset({2}),
    "pending": frozenset({1}),
    "unavailable": frozenset({1, 2}),
    "failed": frozenset({4}),
    "completed": frozenset({5}),
    "available": frozenset({5}),
    "deleted": frozenset({5}),
}
_MEDIA_FILTER: Final[Mapping[str, frozenset[int]]] = {
    "available": frozenset({5}),
    "processing": frozenset({1, 2, 3, 4}),
    "unavailable": frozenset({1, 2, 3, 4}),
    "deleted": frozenset({7}),
}
_ALL_REQUEST_STATUSES: Final = frozenset({1, 2, 3, 4, 5})
_ALL_MEDIA_STATUSES: Final = frozenset({1, 2, 3, 4, 5, 7})
_ENUMS: Final[Mapping[str, tuple[str, ...]]] = {
    "filter": (
        "all",
        "approved",
        "available",
        "pending",
        "processing",
        "unavailable",
        "failed",
        "deleted",
        "completed",
    ),
    "sort": ("added", "modified"),
    "sortDirection": ("asc", "desc"),
    "mediaType": ("movie", "tv", "all"),
}
_MEDIA_ENUMS: Final[Mapping[str, tuple[str, ...]]] = {
    "filter": ("all", "available", "partial", "allavailable", "processing", "pending", "deleted"),
    "sort": ("added", "modified", "mediaAdded"),
}
# POST /media/{id}/{status}: the status each action sets. "deleted" is in the spec's enum, so the
# validator lets it through, but the route's switch has no case for it: the media is saved as is.
_MEDIA_STATUS_ACTIONS: Final[Mapping[str, int | None]] = {
    "available": 5,
    "partial": 4,
    "processing": 3,
    "pending": 2,
    "unknown": 1,
    "deleted": None,
}
_MEDIA_AVAILABLE: Final = 5
_MEDIA_PENDING: Final = 2
_MEDIA_UNKNOWN: Final = 1
_REQUEST_PENDING: Final = 1
_REQUEST_APPROVED: Final = 2
_REQUEST_COMPLETED: Final = 5
# MediaSubscriber.afterUpdate: media statuses that may complete the related requests.
_COMPLETING: Final = frozenset({4, 5, 7})

_MEDIA_STATUS_SCHEMA: Final = {"type": "integer", "enum": [1, 2, 3, 4, 5, 6, 7]}
_DATE: Final = {"type": "string", "format": "date-time"}
_OPTIONAL_INT: Final = {"type": ["integer", "null"]}
_OPTIONAL_STR: Final = {"type": ["string", "null"]}
_SEASON_SCHEMA: Final = {
    "type": "object",
    "required": ["id", "seasonNumber", "status", "status4k"],
    "properties": {
        "id": {"type": "integer"},
        "seasonNumber": {"type": "integer", "minimum": 0},
        "status": _MEDIA_STATUS_SCHEMA,
        "status4k": _MEDIA_STATUS_SCHEMA,
        "createdAt": _DATE,
        "updatedAt": _DATE,
    },
}
ENTITY_SCHEMAS: Final[Mapping[str, Mapping[str, Any]]] = {
    "media": {
        "type": "object",
        "required": ["id", "mediaType", "tmdbId", "status", "status4k", "seasons"],
        "properties": {
            "id": {"type": "integer"},
            "mediaType": {"enum": ["movie", "tv"]},
            "tmdbId": {"type": "integer"},
            "tvdbId": _OPTIONAL_INT,
            "imdbId": _OPTIONAL_STR,
            "status": _MEDIA_STATUS_SCHEMA,
            "status4k": _MEDIA_STATUS_SCHEMA,
            "seasons": {"type": "array", "items": _SEASON_SCHEMA},
            "serviceId": _OPTIONAL_INT,
            "serviceId4k": _OPTIONAL_INT,
            "externalServiceId": _OPTIONAL_INT,
            "externalServiceId4k": _OPTIONAL_INT,
            "externalServiceSlug": _OPTIONAL_STR,
            "externalServiceSlug4k": _OPTIONAL_STR,
            "jellyfinMediaId": _OPTIONAL_STR,
            "jellyfinMediaId4k": _OPTIONAL_STR,
            "createdAt": _DATE,
            "updatedAt": _DATE,
            "mediaAddedAt": {"anyOf": [_DATE, {"type": "null"}]},
        },
    },
    "request seasons": {
        "type": "array",
        "items": {
            "type": "object",
            "required": ["id", "seasonNumber", "status"],
            "properties": {
                "id": {"type": "integer"},
                "seasonNumber": {"type": "integer", "minimum": 0},
                "status": {"type": "integer", "enum": [1, 2, 3, 4, 5]},
                "createdAt": _DATE,
                "updatedAt": _DATE,
            },
        },
    },
}
_ENTITY_VALIDATORS: Final = {
    name: Draft4Validator(schema, format_checker=FORMAT_CHECKER)
    for name, schema in ENTITY_SCHEMAS.items()
}


def _now_iso() -> str:
    """``Date.toJSON()``: UTC with milliseconds."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def _entities(template: str, method: str, body: Json) -> Iterable[tuple[str, str, Json]]:
    """(schema name, where, value) of the entity objects in a successful answer."""
    match (method, template):
        case ("GET", "/api/v1/request"):
            for index, request in enumerate(body.get("results") or []):
                yield "media", f"results/{index}/media", request.get("media")
                yield "request seasons", f"results/{index}/seasons", request.get("seasons")
        case ("GET", "/api/v1/request/{requestId}"):
            yield "media", "media", body.get("media")
            yield "request seasons", "seasons", body.get("seasons")
        case ("GET", "/api/v1/media"):
            for index, media in enumerate(body.get("results") or []):
                yield "media", f"results/{index}", media
        case ("POST", "/api/v1/media/{mediaId}/{status}"):
            yield "media", "(root)", body
        case ("GET", "/api/v1/tv/{tvId}") if "mediaInfo" in body:
            yield "media", "mediaInfo", body["mediaInfo"]
            for index, request in enumerate(body["mediaInfo"].get("requests") or []):
                yield (
                    "request seasons",
                    f"mediaInfo/requests/{index}/seasons",
                    request.get("seasons"),
                )


def _validation_error(path: str, message: str, code: str) -> FakeHttpError:
    """express-openapi-validator's 400 for a query parameter."""
    full = f"request/{path} {message}"
    errors = [{"path": f"/{path}", "message": message, "errorCode": code}]
    return FakeHttpError(400, full, body={"message": full, "errors": errors})


class FakeJellyseerr(FakeServer):
    """Fake Jellyseerr.

    Extra attributes: ``media`` and ``media_requests`` (dicts by id), ``tv`` (by TMDB id),
    ``users``, and logs ``deleted_requests``, ``deleted_media``, ``file_deletions`` and
    ``status_updates`` (``{"mediaId", "status", "body"}`` per accepted status update).
    ``linked_sonarr``: when set to a running ``FakeSonarr``, ``DELETE /media/{id}/file`` really
    calls it (``GET /series?tvdbId=`` then ``DELETE /series/{id}?deleteFiles=true``) as Jellyseerr
    does; otherwise the call is only logged in ``file_deletions``.
    """

    name = "jellyseerr"
    spec_file = "jellyseerr-v2.7.3-api.yml"
    spec_path_prefix = "/api/v1"
    case_insensitive_query = False

    def __init__(self, **kwargs: Any) -> None:
        """``kwargs`` go to ``FakeServer``."""
        self.linked_sonarr: FakeSonarr | None = None
        super().__init__(**kwargs)

    def default_scenario(self) -> Mapping[str, Any]:
        """Requests matching ``scenarios.sonarr_basic``."""
        return jellyseerr_basic()

    def load(self, scenario: Mapping[str, Any]) -> None:
        """Replace the state (a deep copy of ``scenario``)."""
        data = deep_copy(dict(scenario))
        self.status: dict[str, Any] = data.get("status", {"version": "2.7.3"})
        self.users: dict[int, dict[str, Any]] = {u["id"]: u for u in data.get("users", [])}
        self.media: dict[int, dict[str, Any]] = {m["id"]: m for m in data.get("media", [])}
        self.media_requests: dict[int, dict[str, Any]] = {}
        """MediaRequests by id (``requests`` is the base class' log of HTTP requests)."""
        for request in data.get("requests", []):
            media = request.pop("media", None)
            if media is not None:
                self.media.setdefault(media["id"], media)
                request["mediaId"] = media["id"]
            self.media_requests[request["id"]] = request
        self.tv: dict[int, dict[str, Any]] = {t["id"]: t for t in data.get("tv", [])}
        self.deleted_requests: list[int] = []
        self.deleted_media: list[int] = []
        self.file_deletions: list[dict[str, Any]] = []
        self.status_updates: list[dict[str, Any]] = []

    # -- auth and errors ----------------------------------------------------------------

    def check_auth(self, request: web.Request) -> web.StreamResponse | None:
        """401 from the OpenAPI validator when no key, 403 from isAuthenticated when wrong."""
        key = request.headers.get("X-Api-Key")
        if key is None and "connect.sid" not in request.cookies:
            return self.forced_response(401)
        return None if key == self.api_key else self.forced_response(403)

    def forced_response(self, status: int) -> web.StreamResponse:
        """The exact bodies Jellyseerr's auth layers answer with."""
        if status == 401:
            message = "cookie 'connect.sid' required"
            return json_response(
                {"message": message, "errors": [{"path": "/api/v1/", "message": message}]}, 401
            )
        if status == 403:
            return json_response(
                {"status": 403, "error": "You do not have permission to access this endpoint"},
                403,
            )
        return json_response(self.error_body(status, "Internal Server Error"), status)

    def error_body(self, status: int, message: str) -> Json:
        """The app's error handler: ``{"message", "errors"?}``."""
        return {"message": message}

    # -- entity checks (what the OpenAPI file leaves out) ---------------------------------

    @web.middleware
    async def _spec_middleware(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        """The base class' spec check, then the entity schemas on a 2xx JSON answer."""
        response = await super()._spec_middleware(request, handler)
        template = request.get(_ROUTE_KEY)
        body = response.body if isinstance(response, web.Response) else None
        if template is None or not 200 <= response.status < 300 or not isinstance(body, bytes):
            return response
        try:
            decoded = json.loads(body)
        except ValueError:
            return response  # not JSON: the spec check has said so where it matters
        if isinstance(decoded, dict):
            self.spec_violations.extend(self.entity_problems(request.method, template, decoded))
        return response

    def entity_problems(self, method: str, template: str, body: Mapping[str, Any]) -> list[str]:
        """Problems of the media and season objects in one answer (empty when they are fine)."""
        problems = []
        for name, where, value in _entities(template, method, body):
            for error in _ENTITY_VALIDATORS[name].iter_errors(value):
                parts = [str(p) for p in error.absolute_path]
                path = "/".join([where, *parts] if where != "(root)" else parts) or where
                problems.append(
                    f"{self.name}: {method} {template} -> {name} (Jellyseerr entity, not in the "
                    f"spec): at {path}: {error.message}"
                )
        return problems

    # -- routes -------------------------------------------------------------------------

    def routes(self) -> Iterable[Route]:
        """The ``/api/v1`` endpoints the integration uses."""
        v1 = "/api/v1"
        return [
            Route("GET", f"{v1}/status", self._status, auth=False),
            Route("GET", f"{v1}/auth/me", self._me),
            Route("GET", f"{v1}/settings/about", self._about),
            Route("GET", f"{v1}/request", self._request_list),
            Route("GET", f"{v1}/request/{{requestId}}", self._request_get),
            Route("DELETE", f"{v1}/request/{{requestId}}", self._request_delete),
            Route("GET", f"{v1}/media", self._media_list),
            Route("DELETE", f"{v1}/media/{{mediaId}}", self._media_delete),
            Route("DELETE", f"{v1}/media/{{mediaId}}/file", self._media_file_delete),
            Route("POST", f"{v1}/media/{{mediaId}}/{{status}}", self._media_status),
            Route("GET", f"{v1}/tv/{{tvId}}", self._tv),
        ]

    def _check_enums(self, call: Call, enums: Mapping[str, tuple[str, ...]]) -> None:
        for name, allowed in enums.items():
            value = call.query.get(name)
            if value is not None and value not in allowed:
                raise _validation_error(
                    f"query/{name}",
                    f"must be equal to one of the allowed values: {', '.join(allowed)}",
                    "enum.openapi.validation",
                )

    def _number(self, call: Call, name: str) -> float | None:
        raw = call.query.get(name)
        if raw is None or raw == "":
            return None
        try:
            return float(raw)
        except ValueError:
            raise _validation_error(
                f"query/{name}", "must be number", "type.openapi.validation"
            ) from None

    def _path_number(self, call: Call, name: str) -> int:
        try:
            return int(call.params[name])
        except ValueError:
            raise _validation_error(
                f"params/{name}", "must be number", "type.openapi.validation"
            ) from None

    def request_resource(self, request: Mapping[str, Any]) -> dict[str, Any]:
        """A MediaRequest with its media embedded (seasons eager, no nested requests)."""
        result = {k: v for k, v in deep_copy(dict(request)).items() if k != "mediaId"}
        media = self.media.get(request.get("mediaId", 0))
        result["media"] = deep_copy(media) if media is not None else None
        return result

    @staticmethod
    def _page_info(count: int, page_size: int, skip: int) -> dict[str, Any]:
        """``pageInfo`` exactly as request.ts/media.ts compute it."""
        return {
            "pages": math.ceil(count / page_size) if page_size else 0,
            "pageSize": page_size,
            "results": count,
            "page": math.ceil(skip / page_size) + 1 if page_size else 1,
        }

    # -- handlers -------------------------------------------------------------------------

    async def _status(self, call: Call) -> web.StreamResponse:
        return json_response(self.status)

    def _acting_user(self, call: Call) -> dict[str, Any]:
        """The admin (id 1), or the user named by ``X-API-User``."""
        raw = call.request.headers.get("X-API-User")
        user_id = int(raw) if raw and raw.isdigit() else 1
        user = self.users.get(user_id)
        if user is None:
            raise FakeHttpError(403, "You do not have permission to access this endpoint")
        return user

    async def _me(self, call: Call) -> web.StreamResponse:
        return json_response(deep_copy(self._acting_user(call)))

    async def _about(self, call: Call) -> web.StreamResponse:
        return json_response(
            {
                "version": self.status.get("version", "2.7.3"),
                "totalRequests": len(self.media_requests),
                "totalMediaItems": len(self.media),
                "tz": "Europe/Berlin",
                "appDataPath": "/app/config",
            }
        )

    async def _request_list(self, call: Call) -> web.StreamResponse:
        self._check_enums(call, _ENUMS)
        page_size = int(self._number(call, "take") or 10)
        skip = int(self._number(call, "skip") or 0)
        requested_by = self._number(call, "requestedBy")
        wanted = call.query.get("filter") or "all"
        statuses = _REQUEST_FILTER.get(wanted, _ALL_REQUEST_STATUSES)
        media_statuses = _MEDIA_FILTER.get(wanted, _ALL_MEDIA_STATUSES)
        media_type = call.query.get("mediaType") or "all"
        found = []
        for request in self.media_requests.values():
            media = self.media.get(request.get("mediaId", 0), {})
            media_status = media.get("status4k" if request.get("is4k") else "status")
            if request["status"] not in statuses or media_status not in media_statuses:
                continue
            if requested_by is not None and request["requestedBy"]["id"] != requested_by:
                continue
            if media_type != "all" and request.get("type") != media_type:
                continue
            found.append(request)
        # The validator fills in the spec's default sort=added; then newest first.
        field = "updatedAt" if call.query.get("sort") == "modified" else "createdAt"
        ascending = call.query.get("sortDirection") == "asc"
        found.sort(key=lambda r: (r.get(field, ""), r["id"]), reverse=not ascending)
        window = found[skip : skip + page_size] if page_size else found[skip:]
        return json_response(
            {
                "pageInfo": self._page_info(len(found), page_size, skip),
                "results": [self.request_resource(r) for r in window],
                "serviceErrors": {"radarr": [], "sonarr": []},
            }
        )

    async def _request_get(self, call: Call) -> web.StreamResponse:
        request = self.media_requests.get(self._path_number(call, "requestId"))
        if request is None:
            raise FakeHttpError(404, "Request not found.")
        return json_response(self.request_resource(request))

    async def _request_delete(self, call: Call) -> web.StreamResponse:
        request_id = self._path_number(call, "requestId")
        request = self.media_requests.pop(request_id, None)
        if request is None:
            raise FakeHttpError(404, "Request not found.")
        self.deleted_requests.append(request_id)
        media = self.media.get(request.get("mediaId", 0))
        if media is not None:
            # MediaRequestSubscriber.afterRemove -> handleRemoveParentUpdate.
            left = self._requests_of(media)
            for key, is4k in (("status", False), ("status4k", True)):
                if not any(bool(r.get("is4k")) == is4k for r in left) and (
                    media[key] != _MEDIA_AVAILABLE
                ):
                    media[key] = _MEDIA_UNKNOWN
            media["updatedAt"] = _now_iso()
        return empty_response(204)

    def _requests_of(self, media: Mapping[str, Any]) -> list[dict[str, Any]]:
        return [r for r in self.media_requests.values() if r.get("mediaId") == media["id"]]

    async def _media_list(self, call: Call) -> web.StreamResponse:
        self._check_enums(call, _MEDIA_ENUMS)
        page_size = int(self._number(call, "take") or 20)
        skip = int(self._number(call, "skip") or 0)
        wanted = {
            "available": {5},
            "partial": {4},
            "allavailable": {4, 5},
            "processing": {3},
            "pending": {2},
        }.get(call.query.get("filter") or "all")
        found = [m for m in self.media.values() if wanted is None or m["status"] in wanted]
        order = {"modified": "updatedAt", "mediaAdded": "mediaAddedAt"}.get(
            call.query.get("sort") or ""
        )
        if order is None:  # the default: id DESC
            found.sort(key=lambda m: int(m["id"]), reverse=True)
        else:
            found.sort(key=lambda m: (str(m.get(order) or ""), m["id"]), reverse=True)
        window = found[skip : skip + page_size] if page_size else found[skip:]
        return json_response(
            {
                "pageInfo": self._page_info(len(found), page_size, skip),
                "results": [deep_copy(m) for m in window],
            }
        )

    def _media_or_404(self, call: Call, message: str) -> dict[str, Any]:
        media = self.media.get(self._path_number(call, "mediaId"))
        if media is None:
            raise FakeHttpError(404, message)
        return media

    async def _media_delete(self, call: Call) -> web.StreamResponse:
        media = self._media_or_404(call, "Media not found")
        del self.media[media["id"]]
        # MediaRequest.media is ON DELETE CASCADE.
        self.media_requests = {
            k: r for k, r in self.media_requests.items() if r.get("mediaId") != media["id"]
        }
        self.deleted_media.append(media["id"])
        return empty_response(204)

    async def _media_file_delete(self, call: Call) -> web.StreamResponse:
        media = self._media_or_404(call, "Media not found")
        entry: dict[str, Any] = {
            "mediaId": media["id"],
            "tvdbId": media.get("tvdbId"),
            "is4k": call.query.get("is4k") == "true",
        }
        self.file_deletions.append(entry)
        if self.linked_sonarr is not None and media.get("mediaType") == "tv":
            entry["sonarrSeriesIds"] = await self._remove_from_sonarr(self.linked_sonarr, media)
        return empty_response(204)

    @staticmethod
    async def _remove_from_sonarr(sonarr: FakeSonarr, media: Mapping[str, Any]) -> list[int]:
        """SonarrAPI.removeSeries: look the series up by TVDB id, delete it with its files."""
        headers = {"X-Api-Key": sonarr.api_key}
        removed = []
        async with aiohttp.ClientSession(headers=headers) as session:
            async with session.get(
                f"{sonarr.url}/api/v3/series", params={"tvdbId": str(media.get("tvdbId"))}
            ) as response:
                series = await response.json()
            for item in series:
                async with session.delete(
                    f"{sonarr.url}/api/v3/series/{item['id']}",
                    params={"deleteFiles": "true", "addImportListExclusion": "false"},
                ) as response:
                    response.raise_for_status()
                removed.append(int(item["id"]))
        return removed

    async def _media_status(self, call: Call) -> web.StreamResponse:
        action = call.params["status"]
        if action not in _MEDIA_STATUS_ACTIONS:
            raise _validation_error(
                "params/status",
                f"must be equal to one of the allowed values: {', '.join(_MEDIA_STATUS_ACTIONS)}",
                "enum.openapi.validation",
            )
        media = self._media_or_404(call, "Media does not exist.")
        body = call.body if isinstance(call.body, dict) else {}
        # v2.7.3: ``Boolean(req.body.is4k)`` (the validator lets booleans only through), and
        # only "available" looks at it: the other statuses always set ``status``.
        key = "status4k" if body.get("is4k") is True else "status"
        if action == "partial" and media["mediaType"] == "movie":
            raise FakeHttpError(400, "Only series can be set to be partially available")
        before = deep_copy(media)
        new_status = _MEDIA_STATUS_ACTIONS[action]
        if action == "available":
            media[key] = new_status
            if media["mediaType"] == "tv":
                for wanted in body.get("seasons") or []:
                    number = wanted.get("seasonNumber") if isinstance(wanted, dict) else None
                    season = next(
                        (s for s in media["seasons"] if s["seasonNumber"] == number), None
                    )
                    if season is None:  # seasonRepository.create: defaults, new id
                        season = {
                            "id": self._next_season_id(),
                            "seasonNumber": number,
                            "status": _MEDIA_UNKNOWN,
                            "status4k": _MEDIA_UNKNOWN,
                            "createdAt": _now_iso(),
                            "updatedAt": _now_iso(),
                        }
                        media["seasons"].append(season)
                    season[key] = _MEDIA_AVAILABLE
                    season["updatedAt"] = _now_iso()
        elif new_status is not None:
            media["status"] = new_status
        media["updatedAt"] = _now_iso()
        self._after_media_save(media, before)
        self.status_updates.append({"mediaId": media["id"], "status": action, "body": call.body})
        return json_response(deep_copy(media))

    def _next_season_id(self) -> int:
        ids = [s["id"] for m in self.media.values() for s in m.get("seasons", [])]
        return max(ids, default=0) + 1

    def _after_media_save(self, media: dict[str, Any], before: Mapping[str, Any]) -> None:
        """MediaSubscriber.beforeUpdate/afterUpdate, run at once and in this order.

        The server does not wait for them (nor for each other): what the fake shows at once is
        where the real one settles when the pending request's approval lands first.
        """
        for key, is4k in (("status", False), ("status4k", True)):
            if media[key] == _MEDIA_AVAILABLE and before[key] == _MEDIA_PENDING:
                for request in self._requests_of(media):
                    if bool(request.get("is4k")) == is4k and request["status"] == _REQUEST_PENDING:
                        request["status"] = _REQUEST_APPROVED
            old_seasons = before.get("seasons") or []
            seasons_changed = media["mediaType"] == "tv" and any(
                season[key] != (old_seasons[i][key] if i < len(old_seasons) else None)
                for i, season in enumerate(media["seasons"])
            )
            if (media[key] != before[key] or seasons_changed) and media[key] in _COMPLETING:
                self._complete_requests(media, before, key, is4k)

    def _complete_requests(
        self, media: dict[str, Any], before: Mapping[str, Any], key: str, is4k: bool
    ) -> None:
        """MediaSubscriber.updateRelatedMediaRequest: approved requests whose seasons arrived."""
        for request in self._requests_of(media):
            if request["status"] != _REQUEST_APPROVED or bool(request.get("is4k")) != is4k:
                continue
            if media["mediaType"] == "movie":
                done = media[key] in {_MEDIA_AVAILABLE, 7}
            else:
                results = []
                for wanted in request.get("seasons", []):
                    number = wanted["seasonNumber"]
                    season = next(
                        (s for s in media["seasons"] if s["seasonNumber"] == number), None
                    )
                    old = next(
                        (s for s in before.get("seasons", []) if s["seasonNumber"] == number),
                        None,
                    )
                    if season is None:
                        results.append(False)
                        continue
                    changed = season[key] != (old or {}).get(key)
                    arrived = season[key] in {_MEDIA_AVAILABLE, 7}
                    if (changed or wanted["status"] == _REQUEST_COMPLETED) and arrived:
                        wanted["status"] = _REQUEST_COMPLETED
                        results.append(True)
                    else:
                        results.append(False)
                done = all(results)
            if done:
                request["status"] = _REQUEST_COMPLETED
                request["updatedAt"] = _now_iso()

    async def _tv(self, call: Call) -> web.StreamResponse:
        tmdb_id = self._path_number(call, "tvId")
        details = self.tv.get(tmdb_id)
        if details is None:
            # TMDB lookup failures all end in tv.ts's catch-all.
            raise FakeHttpError(500, "Unable to retrieve series.")
        result = deep_copy(details)
        media = next(
            (m for m in self.media.values() if m["tmdbId"] == tmdb_id and m["mediaType"] == "tv"),
            None,
        )
        if media is not None:
            info = deep_copy(media)
            info["requests"] = [
                {k: v for k, v in deep_copy(r).items() if k != "mediaId"}
                for r in self.media_requests.values()
                if r.get("mediaId") == media["id"]
            ]
            result["mediaInfo"] = info
        return json_response(result)
