"""A stateful fake Sonarr v4 speaking API v3 (shapes from Sonarr's own ``openapi.json``).

State is plain data in Sonarr's casing, loaded from a scenario (see ``scenarios.sonarr_basic``):

``system_status`` (SystemResource), ``series`` / ``episodes`` / ``episode_files`` / ``queue`` /
``history`` / ``download_clients`` / ``notifications`` / ``commands`` (lists of the matching
resources) and ``settings`` (``autoUnmonitorPreviouslyDownloadedEpisodes``).

Series and season ``statistics`` are computed from episodes and files on every answer, so a
deleted file shows in them at once, as in Sonarr. ``None`` properties are left out of answers
(Sonarr serialises with ``WhenWritingNull``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
import itertools
import re
from typing import Any, Final

import aiohttp
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
from .scenarios import sonarr_basic

EVENT_TYPES: Final = (
    "unknown",
    "grabbed",
    "seriesFolderImported",
    "downloadFolderImported",
    "downloadFailed",
    "episodeFileDeleted",
    "episodeFileRenamed",
    "downloadIgnored",
)
"""``EpisodeHistoryEventType`` in enum order: the ``eventType`` query filter takes the index."""

KNOWN_COMMANDS: Final = frozenset(
    {
        "ApplicationUpdate",
        "Backup",
        "CheckHealth",
        "DownloadedEpisodesScan",
        "EpisodeSearch",
        "MissingEpisodeSearch",
        "ProcessMonitoredDownloads",
        "RefreshMonitoredDownloads",
        "RefreshSeries",
        "RenameFiles",
        "RenameSeries",
        "RescanSeries",
        "RssSync",
        "SeasonSearch",
        "SeriesSearch",
    }
)

DEFAULT_SYSTEM_STATUS: Final[Mapping[str, Any]] = {
    "appName": "Sonarr",
    "instanceName": "Sonarr",
    "version": "4.0.18.2978",
    "buildTime": "2026-09-28T17:03:12Z",
    "isDebug": False,
    "isProduction": True,
    "isAdmin": False,
    "isUserInteractive": False,
    "startupPath": "/app/sonarr/bin",
    "appData": "/config",
    "osName": "ubuntu",
    "osVersion": "24.04",
    "isNetCore": True,
    "isLinux": True,
    "isOsx": False,
    "isWindows": False,
    "isDocker": True,
    "mode": "console",
    "branch": "main",
    "authentication": "forms",
    "sqliteVersion": "3.46.1",
    "migrationVersion": 217,
    "urlBase": "",
    "runtimeVersion": "6.0.36",
    "runtimeName": ".NET",
    "startTime": "2026-10-20T06:00:02Z",
    "packageVersion": "4.0.18.2978-ls301",
    "packageAuthor": "[linuxserver.io](https://linuxserver.io)",
    "packageUpdateMechanism": "docker",
    "databaseVersion": "3.46.1",
    "databaseType": "sqLite",
}

_WORDS: Final = re.compile(r"(?<=[a-z])(?=[A-Z])")


def _now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _number(value: object) -> int:
    """A sort key that survives a test injecting a wrong type (the spec check reports it)."""
    return value if isinstance(value, int) else 0


def _parse_date(value: str | None) -> datetime | None:
    if not value:
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


class FakeSonarr(FakeServer):
    """Fake Sonarr. Besides the base attributes it exposes its state and what clients did.

    ``series``, ``episodes``, ``episode_files``, ``notifications``, ``commands`` are dicts by id;
    ``queue``, ``history``, ``download_clients`` lists; ``deleted_series``,
    ``deleted_episode_files``, ``removed_queue_items``, ``webhook_tests`` logs of what happened.

    ``send_test_on_create``: like Sonarr, POST (and a changing PUT) of an enabled notification
    first sends the webhook ``Test`` event to its ``url`` field and answers 400 if that fails
    (``?forceSave=true`` skips it). Off by default.
    ``command_polls``: how many ``GET /command/{id}`` see a command before it is ``completed``.
    """

    name = "sonarr"
    spec_file = "sonarr-v3-openapi.json"

    def __init__(
        self, *, send_test_on_create: bool = False, command_polls: int = 1, **kwargs: Any
    ) -> None:
        """See the class docstring; ``kwargs`` go to ``FakeServer``."""
        self.send_test_on_create = send_test_on_create
        self.command_polls = command_polls
        self.failing_commands: set[str] = set()
        """Command names that end ``failed`` instead of ``completed``."""
        super().__init__(**kwargs)

    def default_scenario(self) -> Mapping[str, Any]:
        """The basic scenario: three series, a season pack downloading."""
        return sonarr_basic()

    def load(self, scenario: Mapping[str, Any]) -> None:
        """Replace the state (a deep copy of ``scenario``)."""
        data = deep_copy(dict(scenario))
        self.system_status: dict[str, Any] = {
            **DEFAULT_SYSTEM_STATUS,
            **data.get("system_status", {}),
        }
        self.series: dict[int, dict[str, Any]] = {s["id"]: s for s in data.get("series", [])}
        self.episodes: dict[int, dict[str, Any]] = {e["id"]: e for e in data.get("episodes", [])}
        self.episode_files: dict[int, dict[str, Any]] = {
            f["id"]: f for f in data.get("episode_files", [])
        }
        self.queue: list[dict[str, Any]] = list(data.get("queue", []))
        self.history: list[dict[str, Any]] = list(data.get("history", []))
        self.download_clients: list[dict[str, Any]] = list(data.get("download_clients", []))
        self.tags: list[dict[str, Any]] = list(data.get("tags", []))
        self.notifications: dict[int, dict[str, Any]] = {
            n["id"]: n for n in data.get("notifications", [])
        }
        self.commands: dict[int, dict[str, Any]] = {c["id"]: c for c in data.get("commands", [])}
        self.settings: dict[str, Any] = {
            "autoUnmonitorPreviouslyDownloadedEpisodes": False,
            **data.get("settings", {}),
        }
        self.deleted_series: list[dict[str, Any]] = []
        self.deleted_episode_files: list[int] = []
        self.removed_queue_items: list[dict[str, Any]] = []
        self.webhook_tests: list[dict[str, Any]] = []
        self._command_polls: dict[int, int] = {}
        self._ids = itertools.count(
            max([0, *self.notifications, *self.commands, *(h["id"] for h in self.history)]) + 1
        )
        for episode in self.episodes.values():
            episode["hasFile"] = bool(episode.get("episodeFileId"))

    # -- auth and errors ------------------------------------------------------------------

    def check_auth(self, request: web.Request) -> web.StreamResponse | None:
        """``X-Api-Key`` header or ``apikey`` query; anything else is a bare 401."""
        key = request.headers.get("X-Api-Key")
        if key is None:
            key = next((v for k, v in request.query.items() if k.lower() == "apikey"), None)
        return None if key == self.api_key else web.Response(status=401)

    def forced_response(self, status: int) -> web.StreamResponse:
        """401 has no body in Sonarr; other errors carry ``message``/``description``."""
        if status == 401:
            return web.Response(status=401)
        return json_response(self.error_body(status, "Forced failure"), status)

    def error_body(self, status: int, message: str) -> Json:
        """Sonarr's error pipeline answers ``{"message", "description"}``."""
        if status >= 500:
            return {"message": message, "description": f"System.Exception: {message}"}
        return {"message": message}

    # -- routes -------------------------------------------------------------------------

    def routes(self) -> Iterable[Route]:
        """The API v3 endpoints the integration uses."""
        v3 = "/api/v3"
        return [
            Route("GET", f"{v3}/system/status", self._system_status),
            Route("GET", f"{v3}/downloadclient", self._download_clients),
            Route("GET", f"{v3}/tag", self._tags),
            Route("GET", f"{v3}/series", self._series_list),
            Route("GET", f"{v3}/series/{{id}}", self._series_get),
            Route("DELETE", f"{v3}/series/{{id}}", self._series_delete),
            Route("GET", f"{v3}/episode", self._episode_list),
            Route("PUT", f"{v3}/episode/monitor", self._episode_monitor),
            Route("GET", f"{v3}/episodefile", self._episode_file_list),
            Route("DELETE", f"{v3}/episodefile/bulk", self._episode_file_bulk_delete),
            Route("DELETE", f"{v3}/episodefile/{{id}}", self._episode_file_delete),
            Route("GET", f"{v3}/queue", self._queue),
            Route("GET", f"{v3}/queue/details", self._queue_details),
            Route("DELETE", f"{v3}/queue/{{id}}", self._queue_delete),
            Route("GET", f"{v3}/history", self._history),
            Route("GET", f"{v3}/history/since", self._history_since),
            Route("GET", f"{v3}/history/series", self._history_series),
            Route("GET", f"{v3}/command", self._command_list),
            Route("POST", f"{v3}/command", self._command_create),
            Route("GET", f"{v3}/command/{{id}}", self._command_get),
            Route("GET", f"{v3}/notification", self._notification_list),
            Route("POST", f"{v3}/notification", self._notification_create),
            Route("GET", f"{v3}/notification/{{id}}", self._notification_get),
            Route("PUT", f"{v3}/notification/{{id}}", self._notification_update),
            Route("DELETE", f"{v3}/notification/{{id}}", self._notification_delete),
        ]

    @staticmethod
    def _answer(data: Json, status: int = 200) -> web.Response:
        return json_response(drop_nulls(data, keep_in=frozenset({"data"})), status)

    @staticmethod
    def _id(call: Call) -> int:
        try:
            return int(call.params["id"])
        except ValueError:
            raise FakeHttpError(404, "Not Found") from None

    # -- resources ---------------------------------------------------------------------------

    def _stats(self, episodes: list[dict[str, Any]]) -> dict[str, Any]:
        """Statistics as Sonarr's SeasonStatistics computes them from episodes and files."""
        now = datetime.now(UTC)
        file_ids = {e["episodeFileId"] for e in episodes if e.get("episodeFileId")}
        files = [self.episode_files[i] for i in file_ids if i in self.episode_files]
        with_file = sum(1 for e in episodes if e.get("episodeFileId"))
        aired = [(e, _parse_date(e.get("airDateUtc"))) for e in episodes]
        counted = sum(
            1
            for e, when in aired
            if e.get("episodeFileId") or (e.get("monitored") and when is not None and when <= now)
        )
        past = [when for e, when in aired if when is not None and when <= now and e["monitored"]]
        future = [when for e, when in aired if when is not None and when > now and e["monitored"]]
        groups = sorted({f["releaseGroup"] for f in files if f.get("releaseGroup")})
        return {
            "nextAiring": min(future).strftime("%Y-%m-%dT%H:%M:%SZ") if future else None,
            "previousAiring": max(past).strftime("%Y-%m-%dT%H:%M:%SZ") if past else None,
            "episodeFileCount": with_file,
            "episodeCount": counted,
            "totalEpisodeCount": len(episodes),
            "sizeOnDisk": sum(int(f.get("size", 0)) for f in files),
            "releaseGroups": groups,
            "percentOfEpisodes": (with_file / counted * 100.0) if counted else 0.0,
        }

    def series_resource(self, series_id: int) -> dict[str, Any]:
        """The SeriesResource with freshly computed season and series statistics."""
        series = deep_copy(self.series[series_id])
        episodes = [e for e in self.episodes.values() if e["seriesId"] == series_id]
        seasons = []
        totals: dict[str, Any] = {"seasonCount": 0}
        for season in series.get("seasons", []):
            number = season["seasonNumber"]
            stats = self._stats([e for e in episodes if e["seasonNumber"] == number])
            seasons.append({**season, "statistics": stats})
            totals["seasonCount"] += 1 if number > 0 else 0
        stats = self._stats(episodes)
        series["seasons"] = seasons
        series["statistics"] = {
            "seasonCount": totals["seasonCount"],
            **{k: stats[k] for k in ("episodeFileCount", "episodeCount", "totalEpisodeCount")},
            "sizeOnDisk": stats["sizeOnDisk"],
            "releaseGroups": stats["releaseGroups"],
            "percentOfEpisodes": stats["percentOfEpisodes"],
        }
        series["previousAiring"] = stats["previousAiring"]
        series["nextAiring"] = stats["nextAiring"]
        return series

    def episode_resource(
        self,
        episode: Mapping[str, Any],
        *,
        include_series: bool = False,
        include_file: bool = False,
    ) -> dict[str, Any]:
        """The EpisodeResource, optionally with ``series`` and ``episodeFile`` embedded."""
        result = deep_copy(dict(episode))
        result["hasFile"] = bool(result.get("episodeFileId"))
        if include_series and result["seriesId"] in self.series:
            result["series"] = self.series_resource(result["seriesId"])
        if include_file and result.get("episodeFileId") in self.episode_files:
            result["episodeFile"] = deep_copy(self.episode_files[result["episodeFileId"]])
        return result

    def _with_includes(
        self, record: Mapping[str, Any], *, include_series: bool, include_episode: bool
    ) -> dict[str, Any]:
        """A queue or history record, with ``series``/``episode`` when asked for."""
        result = deep_copy(dict(record))
        if include_series and record.get("seriesId") in self.series:
            result["series"] = self.series_resource(record["seriesId"])
        episode = self.episodes.get(record.get("episodeId") or 0)
        if include_episode and episode is not None:
            result["episode"] = self.episode_resource(episode)
        if "episodeHasFile" in record or "trackedDownloadState" in record:
            result["episodeHasFile"] = bool(episode and episode.get("episodeFileId"))
        return result

    @staticmethod
    def _page(
        call: Call, records: list[dict[str, Any]], default_sort: str, default_direction: str
    ) -> dict[str, Any]:
        """Sonarr's PagingResource: page=1 and pageSize=10 unless the client says otherwise."""
        page = max(call.query.get_int("page", 1) or 1, 1)
        page_size = call.query.get_int("pageSize", 10) or 10
        sort_key = call.query.get("sortKey") or default_sort
        direction = call.query.get("sortDirection") or default_direction
        if sort_key in {"timeleft", "date", "added", "title", "estimatedCompletionTime", "id"}:
            records = sorted(
                records, key=lambda r: str(r.get(sort_key) or ""), reverse=direction == "descending"
            )
        start = (page - 1) * page_size
        return {
            "page": page,
            "pageSize": page_size,
            "sortKey": sort_key,
            "sortDirection": direction,
            "totalRecords": len(records),
            "records": records[start : start + page_size],
        }

    # -- handlers: system, clients, series -------------------------------------------

    async def _system_status(self, call: Call) -> web.StreamResponse:
        return self._answer({**self.system_status, "urlBase": self.url_base})

    async def _tags(self, call: Call) -> web.StreamResponse:
        return self._answer(sorted(self.tags, key=lambda t: t["id"]))

    async def _download_clients(self, call: Call) -> web.StreamResponse:
        return self._answer(sorted(self.download_clients, key=lambda c: c.get("name", "")))

    async def _series_list(self, call: Call) -> web.StreamResponse:
        tvdb_id = call.query.get_int("tvdbId")
        ids = [
            sid for sid, s in self.series.items() if tvdb_id is None or s.get("tvdbId") == tvdb_id
        ]
        return self._answer([self.series_resource(sid) for sid in sorted(ids)])

    async def _series_get(self, call: Call) -> web.StreamResponse:
        series_id = self._id(call)
        if series_id not in self.series:
            raise FakeHttpError(404, "Not Found")
        return self._answer(self.series_resource(series_id))

    async def _series_delete(self, call: Call) -> web.StreamResponse:
        series_id = self._id(call)
        if series_id not in self.series:
            raise FakeHttpError(404, f"Series with ID {series_id} does not exist")
        self.deleted_series.append(
            {
                "id": series_id,
                "title": self.series[series_id].get("title"),
                "deleteFiles": call.query.get_bool("deleteFiles"),
                "addImportListExclusion": call.query.get_bool("addImportListExclusion"),
            }
        )
        del self.series[series_id]
        self.episodes = {k: e for k, e in self.episodes.items() if e["seriesId"] != series_id}
        self.episode_files = {
            k: f for k, f in self.episode_files.items() if f["seriesId"] != series_id
        }
        # Sonarr deletes the series' history; its downloads become "unknown series" items,
        # which the default queue view hides.
        self.history = [h for h in self.history if h.get("seriesId") != series_id]
        self.queue = [q for q in self.queue if q.get("seriesId") != series_id]
        return empty_response(200)

    # -- handlers: episodes and files --------------------------------------------------

    async def _episode_list(self, call: Call) -> web.StreamResponse:
        series_id = call.query.get_int("seriesId")
        season = call.query.get_int("seasonNumber")
        episode_ids = call.query.get_ints("episodeIds")
        file_id = call.query.get_int("episodeFileId")
        if series_id is not None:
            found = [
                e
                for e in self.episodes.values()
                if e["seriesId"] == series_id and (season is None or e["seasonNumber"] == season)
            ]
        elif episode_ids:
            found = [self.episodes[i] for i in episode_ids if i in self.episodes]
        elif file_id is not None:
            found = [e for e in self.episodes.values() if e.get("episodeFileId") == file_id]
        else:
            raise FakeHttpError(400, "seriesId or episodeIds must be provided")
        found.sort(key=lambda e: (_number(e.get("seasonNumber")), _number(e.get("episodeNumber"))))
        include_series = call.query.get_bool("includeSeries")
        include_file = call.query.get_bool("includeEpisodeFile")
        return self._answer(
            [
                self.episode_resource(e, include_series=include_series, include_file=include_file)
                for e in found
            ]
        )

    async def _episode_monitor(self, call: Call) -> web.StreamResponse:
        body = call.body if isinstance(call.body, dict) else {}
        ids = body.get("episodeIds") or []
        monitored = bool(body.get("monitored"))
        for episode_id in ids:
            if episode_id in self.episodes:
                self.episodes[episode_id]["monitored"] = monitored
        found = [self.episodes[i] for i in ids if i in self.episodes]
        return self._answer([self.episode_resource(e) for e in found], 202)

    async def _episode_file_list(self, call: Call) -> web.StreamResponse:
        series_id = call.query.get_int("seriesId")
        file_ids = call.query.get_ints("episodeFileIds")
        if series_id is not None:
            found = [f for f in self.episode_files.values() if f["seriesId"] == series_id]
        elif file_ids:
            found = [self.episode_files[i] for i in file_ids if i in self.episode_files]
        else:
            raise FakeHttpError(400, "seriesId or episodeFileIds must be provided")
        return self._answer(sorted(found, key=lambda f: f["id"]))

    def _delete_file(self, file_id: int) -> None:
        """Remove one file as a manual delete does: episodes lose it, history records it."""
        episode_file = self.episode_files.pop(file_id)
        self.deleted_episode_files.append(file_id)
        for episode in self.episodes.values():
            if episode.get("episodeFileId") != file_id:
                continue
            episode["episodeFileId"] = 0
            episode["hasFile"] = False
            if self.settings["autoUnmonitorPreviouslyDownloadedEpisodes"]:
                episode["monitored"] = False
            self.history.append(
                {
                    "id": next(self._ids),
                    "episodeId": episode["id"],
                    "seriesId": episode["seriesId"],
                    "sourceTitle": episode_file.get("path") or episode_file.get("relativePath"),
                    "languages": episode_file.get("languages", []),
                    "quality": episode_file.get("quality"),
                    "customFormats": [],
                    "customFormatScore": 0,
                    "qualityCutoffNotMet": False,
                    "date": _now_iso(),
                    "eventType": "episodeFileDeleted",
                    "data": {"reason": "Manual", "size": str(episode_file.get("size", 0))},
                }
            )

    async def _episode_file_delete(self, call: Call) -> web.StreamResponse:
        file_id = self._id(call)
        if file_id not in self.episode_files:
            raise FakeHttpError(404, "Episode file not found")
        self._delete_file(file_id)
        return self._answer({})

    async def _episode_file_bulk_delete(self, call: Call) -> web.StreamResponse:
        body = call.body if isinstance(call.body, dict) else {}
        ids = [i for i in body.get("episodeFileIds") or [] if i in self.episode_files]
        if not ids:
            # Sonarr takes the series of the first file with First(): no file is a 500.
            raise FakeHttpError(500, "Sequence contains no elements")
        series_ids = {self.episode_files[i]["seriesId"] for i in ids}
        if len(series_ids) > 1:
            self.client_errors.append(
                f"DELETE episodefile/bulk mixed series {sorted(series_ids)}: Sonarr would use "
                "the first file's series path for every file"
            )
        for file_id in ids:
            self._delete_file(file_id)
        return self._answer({})

    # -- handlers: queue ---------------------------------------------------------------

    async def _queue(self, call: Call) -> web.StreamResponse:
        series_ids = set(call.query.get_ints("seriesIds"))
        statuses = set(call.query.get_all("status"))
        protocol = call.query.get("protocol")
        unknown = call.query.get_bool("includeUnknownSeriesItems")
        records = [
            q
            for q in self.queue
            if (not series_ids or q.get("seriesId") in series_ids)
            and (not statuses or q.get("status") in statuses)
            and (protocol is None or q.get("protocol") == protocol)
            and (unknown or q.get("seriesId") in self.series)
        ]
        include_series = call.query.get_bool("includeSeries")
        include_episode = call.query.get_bool("includeEpisode")
        page = self._page(call, records, "timeleft", "ascending")
        page["records"] = [
            self._with_includes(r, include_series=include_series, include_episode=include_episode)
            for r in page["records"]
        ]
        return self._answer(page)

    async def _queue_details(self, call: Call) -> web.StreamResponse:
        series_id = call.query.get_int("seriesId")
        episode_ids = set(call.query.get_ints("episodeIds"))
        records = [
            q
            for q in self.queue
            if (series_id is None or q.get("seriesId") == series_id)
            and (not episode_ids or q.get("episodeId") in episode_ids)
        ]
        include_series = call.query.get_bool("includeSeries")
        include_episode = call.query.get_bool("includeEpisode")
        return self._answer(
            [
                self._with_includes(
                    r, include_series=include_series, include_episode=include_episode
                )
                for r in records
            ]
        )

    async def _queue_delete(self, call: Call) -> web.StreamResponse:
        queue_id = self._id(call)
        record = next((q for q in self.queue if q["id"] == queue_id), None)
        if record is None:
            raise FakeHttpError(404, "Not Found")
        # The whole tracked download goes, i.e. every episode record of a season pack.
        self.queue = [q for q in self.queue if q.get("downloadId") != record.get("downloadId")]
        self.removed_queue_items.append(
            {
                "id": queue_id,
                "downloadId": record.get("downloadId"),
                "removeFromClient": call.query.get_bool("removeFromClient", default=True),
                "blocklist": call.query.get_bool("blocklist"),
            }
        )
        return self._answer({})

    # -- handlers: history -------------------------------------------------------------

    def _event_type(self, call: Call) -> set[str]:
        """Event type filter given as ints (``/history``) or names/ints (``since``/``series``)."""
        wanted: set[str] = set()
        for raw in call.query.get_all("eventType"):
            if raw.isdigit() and int(raw) < len(EVENT_TYPES):
                wanted.add(EVENT_TYPES[int(raw)])
            elif raw in EVENT_TYPES:
                wanted.add(raw)
            else:
                raise FakeHttpError(400, f"The value '{raw}' is not valid for eventType.")
        return wanted

    def _history_records(
        self, call: Call, records: Iterable[Mapping[str, Any]]
    ) -> list[dict[str, Any]]:
        include_series = call.query.get_bool("includeSeries")
        include_episode = call.query.get_bool("includeEpisode")
        ordered = sorted(records, key=lambda h: (h.get("date", ""), h["id"]), reverse=True)
        return [
            self._with_includes(h, include_series=include_series, include_episode=include_episode)
            for h in ordered
        ]

    async def _history(self, call: Call) -> web.StreamResponse:
        event_types = self._event_type(call)
        download_id = call.query.get("downloadId")
        series_ids = set(call.query.get_ints("seriesIds"))
        episode_id = call.query.get_int("episodeId")
        records = [
            h
            for h in self.history
            if (not event_types or h.get("eventType") in event_types)
            and (download_id is None or h.get("downloadId") == download_id)
            and (not series_ids or h.get("seriesId") in series_ids)
            and (episode_id is None or h.get("episodeId") == episode_id)
        ]
        ordered = sorted(records, key=lambda h: (h.get("date", ""), h["id"]), reverse=True)
        page = self._page(call, ordered, "date", "descending")
        page["records"] = self._history_records(call, page["records"])
        return self._answer(page)

    async def _history_since(self, call: Call) -> web.StreamResponse:
        raw = call.query.get("date")
        try:
            since = _parse_date(raw) or datetime.min.replace(tzinfo=UTC)
        except ValueError:
            raise FakeHttpError(400, f"The value '{raw}' is not valid for date.") from None
        event_types = self._event_type(call)
        records = [
            h
            for h in self.history
            if (_parse_date(h.get("date")) or since) >= since
            and (not event_types or h.get("eventType") in event_types)
        ]
        return self._answer(self._history_records(call, records))

    async def _history_series(self, call: Call) -> web.StreamResponse:
        series_id = call.query.get_int("seriesId")
        season = call.query.get_int("seasonNumber")
        event_types = self._event_type(call)
        records = [
            h
            for h in self.history
            if h.get("seriesId") == series_id
            and (not event_types or h.get("eventType") in event_types)
            and (
                season is None
                or self.episodes.get(h.get("episodeId") or 0, {}).get("seasonNumber") == season
            )
        ]
        return self._answer(self._history_records(call, records))

    # -- handlers: commands -----------------------------------------------------------

    def _command_view(self, command: dict[str, Any]) -> dict[str, Any]:
        return deep_copy(command)

    async def _command_list(self, call: Call) -> web.StreamResponse:
        return self._answer([self._command_view(c) for c in self.commands.values()])

    async def _command_create(self, call: Call) -> web.StreamResponse:
        body = call.body if isinstance(call.body, dict) else {}
        wanted = str(body.get("name") or "")
        name = next((n for n in KNOWN_COMMANDS if n.lower() == wanted.lower()), None)
        if name is None:
            # CommandController looks the type up with Single(): an unknown name is a 500.
            raise FakeHttpError(500, "Sequence contains no matching element")
        now = _now_iso()
        command_id = next(self._ids)
        extra = {k: v for k, v in body.items() if k != "name"}
        self.commands[command_id] = {
            "id": command_id,
            "name": name,
            "commandName": _WORDS.sub(" ", name),
            "body": {
                **extra,
                "sendUpdatesToClient": True,
                "updateScheduledTask": True,
                "completionMessage": "Completed",
                "requiresDiskAccess": name in {"RescanSeries", "RenameFiles", "RenameSeries"},
                "isExclusive": False,
                "isLongRunning": False,
                "name": name,
                "trigger": "manual",
                "suppressMessages": False,
            },
            "priority": "normal",
            "status": "queued",
            "result": "unknown",
            "queued": now,
            "trigger": "manual",
            "stateChangeTime": now,
            "sendUpdatesToClient": True,
            "updateScheduledTask": True,
        }
        self._command_polls[command_id] = 0
        return self._answer(self.commands[command_id], 201)

    async def _command_get(self, call: Call) -> web.StreamResponse:
        command_id = self._id(call)
        command = self.commands.get(command_id)
        if command is None:
            raise FakeHttpError(404, "Not Found")
        polls = self._command_polls.get(command_id, 0) + 1
        self._command_polls[command_id] = polls
        if command["status"] in {"queued", "started"} and polls >= self.command_polls:
            failed = command["name"] in self.failing_commands
            now = _now_iso()
            command.update(
                status="failed" if failed else "completed",
                result="unsuccessful" if failed else "successful",
                message="Failed" if failed else "Completed",
                started=command["queued"],
                ended=now,
                duration="00:00:00.2140000",
                stateChangeTime=now,
            )
        elif command["status"] == "queued":
            command.update(status="started", started=_now_iso())
        return self._answer(self._command_view(command))

    # -- handlers: notifications ------------------------------------------------------

    async def _notification_list(self, call: Call) -> web.StreamResponse:
        items = sorted(self.notifications.values(), key=lambda n: str(n.get("name", "")))
        return self._answer(items)

    async def _notification_get(self, call: Call) -> web.StreamResponse:
        notification = self.notifications.get(self._id(call))
        if notification is None:
            raise FakeHttpError(404, "Not Found")
        return self._answer(notification)

    def _validate_notification(
        self, body: Mapping[str, Any], own_id: int, *, creating: bool
    ) -> list[dict[str, Any]]:
        """Sonarr's shared and POST validators of a provider resource."""
        failures = []
        name = str(body.get("name") or "")
        if not name.strip():
            failures.append(("Name", "'Name' must not be empty."))
        elif any(n.get("name") == name and i != own_id for i, n in self.notifications.items()):
            failures.append(("Name", "Should be unique"))
        for prop in ("implementation", "configContract"):
            if not body.get(prop):
                label = prop[0].upper() + prop[1:]
                failures.append((label, f"'{_WORDS.sub(' ', label)}' must not be empty."))
        if creating and body.get("fields") is None:
            failures.append(("Fields", "'Fields' must not be empty."))
        return [_validation_failure(prop, message, body) for prop, message in failures]

    async def _send_test(self, notification: Mapping[str, Any]) -> list[dict[str, Any]]:
        """POST the webhook Test payload as Sonarr's WebhookProxy does; failures as Sonarr's."""
        fields = {f.get("name"): f.get("value") for f in notification.get("fields") or []}
        url = str(fields.get("url") or "")
        method = "PUT" if fields.get("method") == 2 else "POST"
        headers = {h["key"]: h["value"] for h in fields.get("headers") or [] if "key" in h}
        auth = None
        if fields.get("username"):
            auth = aiohttp.BasicAuth(str(fields["username"]), str(fields.get("password") or ""))
        outcome: dict[str, Any] = {"url": url, "method": method, "payload": WEBHOOK_TEST_PAYLOAD}
        self.webhook_tests.append(outcome)
        try:
            async with (
                aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10)) as session,
                session.request(
                    method, url, json=WEBHOOK_TEST_PAYLOAD, headers=headers, auth=auth
                ) as response,
            ):
                outcome["status"] = response.status
                if response.status < 400:
                    return []
                error = f"HTTP request failed: [{response.status}] [{method}] at [{url}]"
        except (aiohttp.ClientError, TimeoutError, ValueError) as err:
            error = str(err) or type(err).__name__
        outcome["error"] = error
        return [_validation_failure("Url", f"Unable to send test message: {error}", notification)]

    def _should_test(
        self, call: Call, body: Mapping[str, Any], failures: list[Any], *, changed: bool
    ) -> bool:
        """Sonarr tests an enabled, valid, changed provider unless ``forceSave`` is given."""
        return (
            self.send_test_on_create
            and not failures
            and changed
            and self._enabled(body)
            and not call.query.get_bool("forceSave")
        )

    @staticmethod
    def _enabled(notification: Mapping[str, Any]) -> bool:
        """A notification is enabled when any ``on…`` trigger is on (NotificationDefinition)."""
        return any(v is True for k, v in notification.items() if re.fullmatch(r"on[A-Z]\w*", k))

    def _notification_resource(self, body: Mapping[str, Any], notification_id: int) -> Json:
        defaults: dict[str, Any] = {
            "implementationName": body.get("implementation"),
            "infoLink": "https://wiki.servarr.com/sonarr/supported#"
            + str(body.get("implementation", "")).lower(),
            "tags": [],
            **{f"on{event}": False for event in _NOTIFICATION_EVENTS},
            **{f"supportsOn{event}": True for event in _NOTIFICATION_EVENTS},
            "includeHealthWarnings": False,
        }
        return {**defaults, **body, "id": notification_id}

    async def _notification_create(self, call: Call) -> web.StreamResponse:
        body = call.body if isinstance(call.body, dict) else {}
        failures = self._validate_notification(body, 0, creating=True)
        if self._should_test(call, body, failures, changed=True):
            failures = await self._send_test(body)
        if failures:
            return self._answer(failures, 400)
        notification_id = next(self._ids)
        self.notifications[notification_id] = self._notification_resource(body, notification_id)
        return self._answer(self.notifications[notification_id], 201)

    async def _notification_update(self, call: Call) -> web.StreamResponse:
        notification_id = self._id(call)
        existing = self.notifications.get(notification_id)
        if existing is None:
            raise FakeHttpError(404, "Not Found")
        body = call.body if isinstance(call.body, dict) else {}
        failures = self._validate_notification(body, notification_id, creating=False)
        updated = self._notification_resource(body, notification_id)
        changed = updated != existing
        if self._should_test(call, body, failures, changed=changed):
            failures = await self._send_test(body)
        if failures:
            return self._answer(failures, 400)
        self.notifications[notification_id] = updated
        return self._answer(updated, 202)

    async def _notification_delete(self, call: Call) -> web.StreamResponse:
        notification_id = self._id(call)
        if self.notifications.pop(notification_id, None) is None:
            raise FakeHttpError(404, "Not Found")
        return self._answer({})


_NOTIFICATION_EVENTS: Final = (
    "Grab",
    "Download",
    "Upgrade",
    "ImportComplete",
    "Rename",
    "SeriesAdd",
    "SeriesDelete",
    "EpisodeFileDelete",
    "EpisodeFileDeleteForUpgrade",
    "HealthIssue",
    "HealthRestored",
    "ApplicationUpdate",
    "ManualInteractionRequired",
)

WEBHOOK_TEST_PAYLOAD: Final[Mapping[str, Any]] = {
    "series": {
        "id": 1,
        "title": "Test Title",
        "path": "C:\\testpath",
        "tvdbId": 1234,
        "tvMazeId": 0,
        "tmdbId": 0,
        "type": "standard",
        "year": 0,
        "tags": ["test-tag"],
    },
    "episodes": [
        {
            "id": 123,
            "episodeNumber": 1,
            "seasonNumber": 1,
            "title": "Test title",
            "seriesId": 0,
            "tvdbId": 0,
        }
    ],
    "eventType": "Test",
    "instanceName": "Sonarr",
    "applicationUrl": "",
}
"""What Sonarr's webhook sends as ``Test`` (``WebhookBase.BuildTestPayload``, nulls omitted)."""


def _validation_failure(prop: str, message: str, body: Mapping[str, Any]) -> dict[str, Any]:
    """One FluentValidation failure as Sonarr serialises it in a 400 answer."""
    return {
        "propertyName": prop,
        "errorMessage": message,
        "attemptedValue": body.get(prop[0].lower() + prop[1:]),
        "severity": "error",
        "errorCode": "PredicateValidator",
        "isWarning": False,
    }
