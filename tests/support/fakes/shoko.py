"""A small stateful fake Shoko Server 5.3 (API v3, PascalCase JSON, header ``apikey``).

State (see ``scenarios.shoko_basic``): ``version`` (``/api/v3/Init/Version``), ``users`` (with
``Password`` for ``POST /api/auth``), ``series`` and ``episodes`` (v3 models; an episode's
``Files`` are only sent with ``includeFiles=true``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Final

from aiohttp import web

from .base import Call, FakeHttpError, FakeServer, Json, Route, deep_copy, json_response
from .scenarios import shoko_basic

_INCLUDE_ONLY: Final = ("false", "true", "only")


def _problem(status: int, title: str) -> dict[str, Any]:
    """ASP.NET ProblemDetails, as ``Unauthorized()``/``NotFound()`` in an ApiController give."""
    return {
        "type": f"https://tools.ietf.org/html/rfc9110#section-15.5.{status - 399}",
        "title": title,
        "status": status,
        "traceId": "00-2c1f4b7e9a3d5c8b1e0f2a4c6d8e0b13-9a8b7c6d5e4f3a2b-00",
    }


class FakeShoko(FakeServer):
    """Fake Shoko. Extra attributes: ``series``/``episodes`` (dicts by Shoko id), ``users``,
    ``issued_keys`` (device → key from ``POST /api/auth``) and ``deleted_files`` (with options).
    """

    name = "shoko"

    def default_scenario(self) -> Mapping[str, Any]:
        """Shoko's side of ``scenarios.sonarr_basic``'s anime."""
        return shoko_basic()

    def load(self, scenario: Mapping[str, Any]) -> None:
        """Replace the state (a deep copy of ``scenario``)."""
        data = deep_copy(dict(scenario))
        self.version: dict[str, Any] = data.get("version", {})
        self.users: list[dict[str, Any]] = data.get("users", [])
        self.series: dict[int, dict[str, Any]] = {s["IDs"]["ID"]: s for s in data.get("series", [])}
        self.episodes: dict[int, dict[str, Any]] = {
            e["IDs"]["ID"]: e for e in data.get("episodes", [])
        }
        self.issued_keys: dict[str, str] = {}
        self.deleted_files: list[dict[str, Any]] = []

    def check_auth(self, request: web.Request) -> web.StreamResponse | None:
        """``apikey`` header or query; otherwise a bare 401 from the auth handler."""
        key = request.headers.get("apikey")
        if key is None:
            key = next((v for k, v in request.query.items() if k.lower() == "apikey"), None)
        return None if key == self.api_key else web.Response(status=401)

    def forced_response(self, status: int) -> web.StreamResponse:
        """Auth failures have no body; a 500 is a ProblemDetails."""
        if status in {401, 403}:
            return web.Response(status=status)
        return json_response(self.error_body(status, "Internal Server Error"), status)

    def error_body(self, status: int, message: str) -> Json:
        """ASP.NET ProblemDetails."""
        return _problem(status, message)

    def error_response(self, status: int, message: str) -> web.StreamResponse:
        """``NotFound("…")`` in Shoko's controllers sends the message as plain text."""
        if status == 404:
            return web.Response(status=404, text=message, content_type="text/plain")
        return json_response(self.error_body(status, message), status)

    def routes(self) -> Iterable[Route]:
        """The endpoints the integration uses."""
        v3 = "/api/v3"
        return [
            Route("POST", "/api/auth", self._login, auth=False),
            Route("GET", f"{v3}/Init/Version", self._version, auth=False),
            Route("GET", f"{v3}/User/Current", self._current_user),
            Route("GET", f"{v3}/Series/{{seriesID}}", self._series_get),
            Route("GET", f"{v3}/Series/AniDB/{{anidbID}}/Series", self._series_by_anidb),
            Route("GET", f"{v3}/Series/{{seriesID}}/Episode", self._episodes_of),
            Route("DELETE", f"{v3}/File/{{fileID}}", self._file_delete),
        ]

    @staticmethod
    def _int(call: Call, name: str) -> int:
        try:
            return int(call.params[name])
        except ValueError:
            raise FakeHttpError(
                400, "One or more validation errors occurred.", body=_problem(400, "Bad Request")
            ) from None

    async def _login(self, call: Call) -> web.StreamResponse:
        body = call.body if isinstance(call.body, dict) else {}
        user = str(body.get("user") or "").strip()
        if not user:
            raise FakeHttpError(
                400, "user", body=_problem(400, "One or more validation errors occurred.")
            )
        password = str(body.get("pass") or "").strip()
        account = next((u for u in self.users if u["Username"] == user), None)
        if account is None or account.get("Password", "") != password:
            return json_response(_problem(401, "Unauthorized"), 401)
        device = str(body.get("device") or "").strip()
        self.issued_keys[device] = self.api_key
        return json_response({"apikey": self.api_key})

    async def _version(self, call: Call) -> web.StreamResponse:
        return json_response(deep_copy(self.version))

    async def _current_user(self, call: Call) -> web.StreamResponse:
        user = self.users[0] if self.users else {"ID": 1, "Username": "admin", "IsAdmin": True}
        return json_response(
            {
                "ID": user["ID"],
                "Username": user["Username"],
                "IsAdmin": user.get("IsAdmin", False),
                "CommunitySites": ["AniDB"],
                "RestrictedTags": [],
                "Avatar": "",
                "PlexUsernames": "",
            }
        )

    def _series_or_404(self, series_id: int) -> dict[str, Any]:
        series = self.series.get(series_id)
        if series is None:
            raise FakeHttpError(404, "No Series entry for the given seriesID")
        return series

    async def _series_get(self, call: Call) -> web.StreamResponse:
        return json_response(deep_copy(self._series_or_404(self._int(call, "seriesID"))))

    async def _series_by_anidb(self, call: Call) -> web.StreamResponse:
        anidb_id = self._int(call, "anidbID")
        series = next((s for s in self.series.values() if s["IDs"]["AniDB"] == anidb_id), None)
        if series is None:
            raise FakeHttpError(404, "No Series entry for the given anidbID")
        return json_response(deep_copy(series))

    async def _episodes_of(self, call: Call) -> web.StreamResponse:
        series_id = self._int(call, "seriesID")
        self._series_or_404(series_id)
        include_missing = (call.query.get("includeMissing") or "false").lower()
        if include_missing not in _INCLUDE_ONLY:
            raise FakeHttpError(400, "includeMissing", body=_problem(400, "Bad Request"))
        include_files = call.query.get_bool("includeFiles")
        page_size = call.query.get_int("pageSize", 20) or 0
        page = max(call.query.get_int("page", 1) or 1, 1)
        episodes = []
        for episode in self.episodes.values():
            if episode["IDs"]["ParentSeries"] != series_id:
                continue
            missing = not episode.get("Files")
            if (include_missing == "false" and missing) or (
                include_missing == "only" and not missing
            ):
                continue
            view = deep_copy(episode)
            if not include_files:
                view.pop("Files", None)
            episodes.append(view)
        window = episodes[(page - 1) * page_size : page * page_size] if page_size else episodes
        return json_response({"Total": len(episodes), "List": window})

    async def _file_delete(self, call: Call) -> web.StreamResponse:
        file_id = self._int(call, "fileID")
        owner = next(
            (
                e
                for e in self.episodes.values()
                if any(f["ID"] == file_id for f in e.get("Files", []))
            ),
            None,
        )
        if owner is None:
            raise FakeHttpError(404, "No File entry for the given fileID")
        owner["Files"] = [f for f in owner["Files"] if f["ID"] != file_id]
        owner["Size"] = len(owner["Files"])
        self.deleted_files.append(
            {
                "fileID": file_id,
                # Shoko's default is removeFiles=true: the file goes from disk too.
                "removeFiles": call.query.get_bool("removeFiles", default=True),
                "removeFolder": call.query.get_bool("removeFolder", default=True),
            }
        )
        return web.Response(status=200)
