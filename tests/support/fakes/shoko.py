"""A small stateful fake Shoko Server 5.3 (API v3, PascalCase JSON, header ``apikey``).

State (see ``scenarios.shoko_basic``): ``version`` (``/api/v3/Init/Version``), ``users`` (with
``Password`` for ``POST /api/auth``), ``series``, ``episodes`` and ``files`` (v3 models),
``import_folders`` and the TMDB shows Shoko has data of. A scenario gives each episode's files
inside it (``Files``, as ``/Series/{id}/Episode?includeFiles=true`` answers); ``load`` moves them
into one file table (``files``, with ``file_episodes``: the episodes each file holds), so that a
file removed is gone from every answer. Series sizes are counted from that table at answer time.

Routes and behaviour read from ShokoServer v5.3.3 (``Shoko.Server/API/v3/Controllers``):
``SeriesController`` (``AniDB/{id}/Series``, ``PathEndsWith/{*path}``, the paged list),
``TmdbController`` (``Show/{id}/Shoko/Series``), ``TreeController`` (``Series/{id}/File``),
``FileController`` (``DELETE {id}`` with ``removeFiles``/``removeFolder``, both true by default,
admin only) and ``ImportFolderController`` (``{id}/Scan``). There is no TvDB route: Shoko 5.1
removed it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
import hashlib
import posixpath
import re
from typing import Any, Final
from urllib.parse import unquote

from aiohttp import web

from .base import Call, FakeHttpError, FakeServer, Json, Route, deep_copy, json_response
from .scenarios import shoko_basic

_INCLUDE_ONLY: Final = ("false", "true", "only")
_FILE_INCLUDES: Final = ("Ignored", "MediaInfo", "XRefs", "AbsolutePaths", "ImportLimbo")
_DEFAULT_FOLDER: Final = {
    "ID": 1,
    "Name": "Anime",
    "Path": "/mnt/anime/",
    "DropFolderType": "Destination",
    "WatchForNewFiles": True,
}
_SHOW_NOT_FOUND: Final = "A TMDB.Show by the given `showID` was not found."


def _problem(status: int, title: str) -> dict[str, Any]:
    """ASP.NET ProblemDetails, as ``Unauthorized()``/``NotFound()`` in an ApiController give."""
    return {
        "type": f"https://tools.ietf.org/html/rfc9110#section-15.5.{status - 399}",
        "title": title,
        "status": status,
        "traceId": "00-2c1f4b7e9a3d5c8b1e0f2a4c6d8e0b13-9a8b7c6d5e4f3a2b-00",
    }


def _invalid(name: str) -> FakeHttpError:
    """Model validation's 400 (a Range attribute or an enum that does not bind)."""
    body = _problem(400, "One or more validation errors occurred.")
    body["errors"] = {name: [f"The field {name} is invalid."]}
    return FakeHttpError(400, name, body=body)


@dataclass(frozen=True, slots=True)
class _CatchAllRoute(Route):
    """A route whose last placeholder takes the rest of the path, slashes included
    (ASP.NET's ``{*path}``)."""

    def __post_init__(self) -> None:
        """Compile ``prefix/{name}`` as ``prefix/(?P<name>.+)``."""
        prefix, _, name = self.template.rpartition("/{")
        pattern = f"^{re.escape(prefix)}/(?P<{name.rstrip('}')}>.+)$"
        object.__setattr__(self, "regex", re.compile(pattern, re.IGNORECASE))


class FakeShoko(FakeServer):
    """Fake Shoko.

    Extra attributes: ``series``/``episodes``/``files``/``import_folders`` (dicts by Shoko id),
    ``file_episodes`` (file id → episode ids), ``tmdb_shows`` (TMDB show ids Shoko has data of),
    ``users``, ``issued_keys`` (device → key from ``POST /api/auth``), and the logs
    ``deleted_files`` (``{"fileID", "removeFiles", "removeFolder"}`` per removal; Shoko's
    defaults are true) and ``scans`` (import folder ids, one per scan asked for).
    ``remove_from_disk(file_id)`` makes a file's locations inaccessible, as a file Sonarr
    deleted looks to Shoko (its record stays until removed or cleaned up).
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
        self.import_folders: dict[int, dict[str, Any]] = {
            f["ID"]: f for f in data.get("import_folders", [deep_copy(_DEFAULT_FOLDER)])
        }
        self.episodes: dict[int, dict[str, Any]] = {}
        self.files: dict[int, dict[str, Any]] = {}
        self.file_episodes: dict[int, list[int]] = {}
        for episode in data.get("episodes", []):
            episode_id = episode["IDs"]["ID"]
            for file in episode.pop("Files", []):
                if file["ID"] not in self.files:
                    self.files[file["ID"]] = self._file_record(file)
                self.file_episodes.setdefault(file["ID"], []).append(episode_id)
            self.episodes[episode_id] = episode
        self.tmdb_shows: set[int] = set(data.get("tmdb_shows", [])) | {
            show for s in self.series.values() for show in s["IDs"]["TMDB"]["Show"]
        }
        self.issued_keys: dict[str, str] = {}
        self.deleted_files: list[dict[str, Any]] = []
        self.scans: list[int] = []

    def _file_record(self, file: Mapping[str, Any]) -> dict[str, Any]:
        """A File model (File.cs) from a scenario's short one; locations get ids."""
        file_id = file["ID"]
        ed2k = hashlib.md5(str(file_id).encode(), usedforsecurity=False).hexdigest().upper()
        locations = []
        for index, location in enumerate(file.get("Locations", [])):
            locations.append(
                {
                    "ID": location.get("ID", file_id * 10 + index),
                    "FileID": file_id,
                    "ImportFolderID": location["ImportFolderID"],
                    "RelativePath": location["RelativePath"],
                    "IsAccessible": location.get("IsAccessible", True),
                }
            )
        imported = file.get("Imported", "2026-04-06T18:00:00Z")
        return {
            "ID": file_id,
            "Size": file.get("Size", 0),
            "IsVariation": file.get("IsVariation", False),
            "IsIgnored": file.get("IsIgnored", False),
            "Hashes": {"ED2K": ed2k, "SHA1": None, "CRC32": None, "MD5": None},
            "Locations": locations,
            "AVDump": {"Status": None, "LastDumpedAt": None, "LastVersion": None},
            "Resolution": file.get("Resolution", "1920x1080"),
            "Duration": file.get("Duration", "00:23:40.0420000"),
            "ResumePosition": None,
            "Viewed": None,
            "Watched": None,
            "Imported": imported,
            "Created": file.get("Created", imported),
            "Updated": file.get("Updated", imported),
        }

    def remove_from_disk(self, *file_ids: int) -> None:
        """The files disappear from disk (Sonarr deleted them): Shoko's records stay."""
        for file_id in file_ids:
            for location in self.files[file_id]["Locations"]:
                location["IsAccessible"] = False

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
        if status == 403:
            return web.Response(status=403)  # [Authorize("admin")] refuses without a body
        return json_response(self.error_body(status, message), status)

    def routes(self) -> Iterable[Route]:
        """The endpoints the integration uses (a catch-all first among routes as specific)."""
        v3 = "/api/v3"
        return [
            Route("POST", "/api/auth", self._login, auth=False),
            Route("GET", f"{v3}/Init/Version", self._version, auth=False),
            Route("GET", f"{v3}/User/Current", self._current_user),
            Route("GET", f"{v3}/Series", self._series_list),
            _CatchAllRoute("GET", f"{v3}/Series/PathEndsWith/{{path}}", self._series_by_path),
            Route("GET", f"{v3}/Series/{{seriesID}}", self._series_get),
            Route("GET", f"{v3}/Series/AniDB/{{anidbID}}/Series", self._series_by_anidb),
            Route("GET", f"{v3}/Series/{{seriesID}}/Episode", self._episodes_of),
            Route("GET", f"{v3}/Series/{{seriesID}}/File", self._files_of),
            Route("GET", f"{v3}/Tmdb/Show/{{showID}}/Shoko/Series", self._series_by_tmdb_show),
            Route("DELETE", f"{v3}/File/{{fileID}}", self._file_delete),
            Route("GET", f"{v3}/ImportFolder/{{folderID}}/Scan", self._scan),
        ]

    @staticmethod
    def _int(call: Call, name: str) -> int:
        try:
            return int(call.params[name])
        except ValueError:
            raise FakeHttpError(
                400, "One or more validation errors occurred.", body=_problem(400, "Bad Request")
            ) from None

    @staticmethod
    def _ranged(call: Call, name: str, default: int, low: int, high: int | None = None) -> int:
        value = call.query.get_int(name, default)
        assert value is not None
        if value < low or (high is not None and value > high):
            raise _invalid(name)
        return value

    def _current_account(self) -> dict[str, Any]:
        return self.users[0] if self.users else {"ID": 1, "Username": "admin", "IsAdmin": True}

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
        user = self._current_account()
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

    # -- series ---------------------------------------------------------------------------

    def _series_files(self, series_id: int) -> list[int]:
        """Ids of the files holding an episode of the series, in file id order."""
        episodes = {e for e, ep in self.episodes.items() if ep["IDs"]["ParentSeries"] == series_id}
        return sorted(f for f, held in self.file_episodes.items() if episodes & set(held))

    def _series_view(self, series: Mapping[str, Any]) -> dict[str, Any]:
        """The Series model with its file counts as they are now."""
        view = deep_copy(dict(series))
        series_id = series["IDs"]["ID"]
        view["Size"] = len(self._series_files(series_id))
        local = view.get("Sizes", {}).get("Local")
        if isinstance(local, dict):
            held = {e for files in self.file_episodes.values() for e in files}
            local["Episodes"] = sum(
                1
                for e, ep in self.episodes.items()
                if ep["IDs"]["ParentSeries"] == series_id and e in held
            )
        return view

    def _series_or_404(self, series_id: int) -> dict[str, Any]:
        series = self.series.get(series_id)
        if series is None:
            raise FakeHttpError(404, "No Series entry for the given seriesID")
        return series

    async def _series_list(self, call: Call) -> web.StreamResponse:
        page_size = self._ranged(call, "pageSize", 50, 0, 100)
        page = self._ranged(call, "page", 1, 1)
        starts = (call.query.get("startsWith") or "").lower()
        found = sorted(
            (s for s in self.series.values() if s["Name"].lower().startswith(starts)),
            key=lambda s: s["Name"].lower(),
        )
        window = found[(page - 1) * page_size : page * page_size] if page_size else found
        return json_response({"Total": len(found), "List": [self._series_view(s) for s in window]})

    async def _series_get(self, call: Call) -> web.StreamResponse:
        series = self._series_or_404(self._int(call, "seriesID"))
        return json_response(self._series_view(series))

    async def _series_by_anidb(self, call: Call) -> web.StreamResponse:
        anidb_id = self._int(call, "anidbID")
        series = next((s for s in self.series.values() if s["IDs"]["AniDB"] == anidb_id), None)
        if series is None:
            raise FakeHttpError(404, "No Series entry for the given anidbID")
        return json_response(self._series_view(series))

    async def _series_by_tmdb_show(self, call: Call) -> web.StreamResponse:
        show_id = self._int(call, "showID")
        if show_id not in self.tmdb_shows:
            raise FakeHttpError(404, _SHOW_NOT_FOUND)
        linked = [s for s in self.series.values() if show_id in s["IDs"]["TMDB"]["Show"]]
        return json_response([self._series_view(s) for s in linked])

    def _full_path(self, location: Mapping[str, Any]) -> str:
        folder = self.import_folders.get(location["ImportFolderID"])
        root = folder["Path"] if folder is not None else ""
        return posixpath.join(root, location["RelativePath"])

    async def _series_by_path(self, call: Call) -> web.StreamResponse:
        # Kestrel leaves %2F encoded and decodes the rest; Shoko then unescapes what still
        # has a % (twice). aiohttp has decoded everything, so one more round is left.
        query = call.params["path"]
        if "%" in query or "+" in query:
            query = unquote(query)
        query = query.replace("\\", "/").rstrip("/").lower()
        found: dict[int, dict[str, Any]] = {}
        for file_id, file in self.files.items():
            if not any(
                posixpath.dirname(self._full_path(loc)).lower().endswith(query)
                for loc in file["Locations"]
            ):
                continue
            for episode_id in self.file_episodes.get(file_id, []):
                series_id = self.episodes[episode_id]["IDs"]["ParentSeries"]
                if series_id in self.series:
                    found.setdefault(series_id, self.series[series_id])
        return json_response([self._series_view(s) for s in found.values()])

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
        for episode_id, episode in self.episodes.items():
            if episode["IDs"]["ParentSeries"] != series_id:
                continue
            files = [f for f, held in self.file_episodes.items() if episode_id in held]
            missing = not files
            if (include_missing == "false" and missing) or (
                include_missing == "only" and not missing
            ):
                continue
            view = deep_copy(episode)
            view["Size"] = len(files)
            if include_files:
                view["Files"] = [self._file_view(self.files[f], set()) for f in files]
            episodes.append(view)
        window = episodes[(page - 1) * page_size : page * page_size] if page_size else episodes
        return json_response({"Total": len(episodes), "List": window})

    # -- files ----------------------------------------------------------------------------

    def _file_view(self, file: Mapping[str, Any], include: set[str]) -> dict[str, Any]:
        """The File model with what ``include`` adds (XRefs, AbsolutePaths)."""
        view = deep_copy(dict(file))
        if "AbsolutePaths" in include:
            for location in view["Locations"]:
                location["AbsolutePath"] = self._full_path(location)
        if "XRefs" in include:
            view["SeriesIDs"] = self._cross_references(file)
        return view

    def _cross_references(self, file: Mapping[str, Any]) -> list[dict[str, Any]]:
        """FileCrossReference.From: the file's episodes grouped by series."""
        by_series: dict[int, list[dict[str, Any]]] = {}
        for episode_id in self.file_episodes.get(file["ID"], []):
            episode = self.episodes[episode_id]
            by_series.setdefault(episode["IDs"]["ParentSeries"], []).append(
                {
                    "ID": episode_id,
                    "AniDB": episode["IDs"]["AniDB"],
                    "TMDB": {"Episode": [], "Movie": [], "Show": []},
                    "ReleaseGroup": 0,
                    "ED2K": file["Hashes"]["ED2K"],
                    "FileSize": file["Size"],
                    "Percentage": {"Start": 0, "End": 100, "Size": 100, "Group": 1},
                    "Source": "AniDB",
                }
            )
        result = []
        for series_id, episodes in by_series.items():
            series = self.series.get(series_id)
            ids = series["IDs"] if series is not None else {"AniDB": 0, "TMDB": {}}
            result.append(
                {
                    "SeriesID": {
                        "ID": series_id if series is not None else None,
                        "AniDB": ids["AniDB"],
                        "TMDB": {
                            "Movie": ids["TMDB"].get("Movie", []),
                            "Show": ids["TMDB"].get("Show", []),
                        },
                    },
                    "EpisodeIDs": episodes,
                }
            )
        return result

    def _includes(self, call: Call) -> set[str]:
        """CommaDelimitedModelBinder over FileNonDefaultIncludeType (case-insensitive)."""
        wanted: set[str] = set()
        for raw in call.query.get_all("include"):
            for item in filter(None, (part.strip() for part in raw.split(","))):
                name = next((n for n in _FILE_INCLUDES if n.lower() == item.lower()), None)
                if name is None:
                    raise _invalid("include")
                wanted.add(name)
        return wanted

    async def _files_of(self, call: Call) -> web.StreamResponse:
        series_id = self._int(call, "seriesID")
        self._series_or_404(series_id)
        page_size = self._ranged(call, "pageSize", 100, 0, 1000)
        page = self._ranged(call, "page", 1, 1)
        include = self._includes(call)
        files = [
            self.files[f]
            for f in self._series_files(series_id)
            if "Ignored" in include or not self.files[f]["IsIgnored"]
        ]

        def order(file: Mapping[str, Any]) -> tuple[str, str]:
            location = file["Locations"][0] if file["Locations"] else None
            if location is None:
                return ("", "")
            folder = self.import_folders.get(location["ImportFolderID"], {})
            return (str(folder.get("Name", "")), location["RelativePath"])

        files.sort(key=order)
        window = files[(page - 1) * page_size : page * page_size] if page_size else files
        return json_response(
            {"Total": len(files), "List": [self._file_view(f, include) for f in window]}
        )

    async def _file_delete(self, call: Call) -> web.StreamResponse:
        if not self._current_account().get("IsAdmin", False):
            raise FakeHttpError(403, "admin only")
        file_id = self._int(call, "fileID")
        if file_id not in self.files:
            raise FakeHttpError(404, "No File entry for the given fileID")
        del self.files[file_id]
        self.file_episodes.pop(file_id, None)
        self.deleted_files.append(
            {
                "fileID": file_id,
                # Shoko's default is removeFiles=true: the file goes from disk too.
                "removeFiles": call.query.get_bool("removeFiles", default=True),
                "removeFolder": call.query.get_bool("removeFolder", default=True),
            }
        )
        return web.Response(status=200)

    async def _scan(self, call: Call) -> web.StreamResponse:
        folder_id = self._int(call, "folderID")
        if folder_id not in self.import_folders:
            raise FakeHttpError(404, "Folder not found")
        self.scans.append(folder_id)
        return web.Response(status=200)
