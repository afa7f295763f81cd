"""qBittorrent WebUI API v2 client (qBittorrent 4.6 to 5.3).

Differences between the versions that this client hides:

* Login success is body ``Ok.`` (4.x, 5.0, 5.1) or HTTP 204 (5.2+); bad credentials are body
  ``Fails.`` or HTTP 401; a banned IP gets 403 from the login itself.
* The session cookie is ``SID`` on older versions and ``QBT_SID_<port>`` on 5.2+, so whatever
  cookie the login sets is kept and sent back explicitly (Home Assistant's shared session must
  not be relied on to keep one per integration).
* WebAPI 2.11 (qBittorrent 5.0) renamed pause/resume to stop/start, the ``paused`` parameter of
  ``torrents/add`` to ``stopped`` and the states ``pausedUP``/``pausedDL`` to
  ``stoppedUP``/``stoppedDL``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import IntEnum
import json
import logging
import re
from typing import Any, Final, Literal, TypedDict, cast

import aiohttp

from .errors import ApiError, InvalidAuth, IpBanned
from .http import DEFAULT_TIMEOUT, Expect, HttpApi, Query, expect_dict, expect_list

_LOGGER = logging.getLogger(__name__)

API_PREFIX: Final = "api/v2"
LOGIN_PATH: Final = f"{API_PREFIX}/auth/login"
LOGIN_ENDPOINT: Final = f"POST {LOGIN_PATH}"
MAINDATA_ENDPOINT: Final = f"GET {API_PREFIX}/sync/maindata"

ETA_UNKNOWN: Final = 8640000
"""``eta`` value meaning "unknown / infinite" (qBittorrent's MAX_ETA, 100 days in seconds)."""

FIRST_STOP_START_WEBAPI: Final = (2, 11, 0)
"""WebAPI of qBittorrent 5.0, where pause/resume became stop/start (Sonarr cuts there too)."""

STOPPED_STATES: Final = frozenset({"stoppedUP", "stoppedDL", "pausedUP", "pausedDL"})
_STATE_RENAMES: Final = {"pausedUP": "stoppedUP", "pausedDL": "stoppedDL"}
_FILTER_V5: Final = {"paused": "stopped", "resumed": "running"}
_FILTER_V4: Final = {v5: v4 for v4, v5 in _FILTER_V5.items()}

# qBittorrent's torrent id is the v1 info-hash, or the v2 one (full or truncated to 40 digits).
_HASH_RE: Final = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")


class FilePriority(IntEnum):
    """File download priorities accepted by ``torrents/filePrio`` (``downloadpriority.h``)."""

    IGNORED = 0  # not downloaded; data already on disk is kept
    NORMAL = 1
    HIGH = 6
    MAXIMUM = 7


class QbtTorrent(TypedDict, total=False):
    """One torrent as ``torrents/info`` and ``sync/maindata`` describe it (qBittorrent's names).

    ``eta`` is seconds, with ``ETA_UNKNOWN`` meaning unknown; ``progress`` is 0..1; times are Unix
    seconds, ``completion_on`` is -1 while incomplete; ``tags`` is one string joined with ", ".
    """

    hash: str
    infohash_v1: str
    infohash_v2: str
    name: str
    size: int
    total_size: int
    progress: float
    dlspeed: int
    upspeed: int
    eta: int
    state: str
    category: str
    tags: str
    save_path: str
    download_path: str
    content_path: str
    root_path: str
    amount_left: int
    completed: int
    downloaded: int
    uploaded: int
    added_on: int
    completion_on: int
    last_activity: int
    availability: float
    seq_dl: bool
    f_l_piece_prio: bool
    force_start: bool
    auto_tmm: bool
    has_metadata: bool
    magnet_uri: str
    num_seeds: int
    num_leechs: int
    num_complete: int
    num_incomplete: int
    ratio: float
    priority: int
    tracker: str
    piece_size: int
    pieces_have: int
    pieces_num: int
    time_active: int
    seeding_time: int
    private: bool


class QbtFile(TypedDict, total=False):
    """One file of a torrent (``torrents/files``); ``name`` is relative to the save path."""

    index: int
    name: str
    size: int
    progress: float
    priority: int
    is_seed: bool
    piece_range: list[int]
    availability: float


class QbtCategory(TypedDict, total=False):
    """A category as ``sync/maindata`` sends it."""

    name: str
    savePath: str  # qBittorrent's own (camelCase) field name
    download_path: str | None


class QbtServerState(TypedDict, total=False):
    """Transfer totals of ``sync/maindata``'s ``server_state`` (only the fields used here)."""

    connection_status: str
    dl_info_speed: int
    up_info_speed: int
    dl_info_data: int
    up_info_data: int
    dl_rate_limit: int
    up_rate_limit: int
    free_space_on_disk: int
    use_alt_speed_limits: bool
    queueing: bool
    refresh_interval: int


def normalize_state(state: str) -> str:
    """Return the 5.x name of a torrent state (``pausedUP`` becomes ``stoppedUP``)."""
    return _STATE_RENAMES.get(state, state)


def is_stopped_state(state: str) -> bool:
    """Whether a state means stopped (5.x) or paused (4.x) by the user."""
    return state in STOPPED_STATES


def normalize_hash(value: str) -> str:
    """Lower-case one torrent hash (Sonarr upper-cases them) and check it looks like one.

    The check matters for the destructive calls: ``all`` is a valid ``hashes`` value to
    qBittorrent, and an empty or mangled id must never turn into "every torrent".
    """
    lowered = value.strip().lower()
    if not _HASH_RE.fullmatch(lowered):
        raise ValueError(f"not a torrent hash: {value!r}")
    return lowered


def _hash_list(hashes: str | Iterable[str]) -> list[str]:
    """Normalise hashes (one or many), drop duplicates and keep their order."""
    if isinstance(hashes, str):
        hashes = [hashes]
    return list(dict.fromkeys(normalize_hash(item) for item in hashes))


def parse_version(endpoint: str, text: str) -> tuple[int, ...]:
    """Parse "v5.3.0" or "2.16.2" (suffixes such as "beta1" are ignored) into a tuple."""
    match = re.match(r"\s*v?(\d+(?:\.\d+)*)", text)
    if match is None:
        raise ApiError(endpoint, None, "answered with a version that is not a version")
    return tuple(int(part) for part in match.group(1).split("."))


def _bool(value: bool) -> str:
    """Spell a boolean the way qBittorrent parses it ("true"/"false")."""
    return "true" if value else "false"


def _expect_objects(endpoint: str, value: Any) -> list[dict[str, Any]]:
    """Return a JSON array of objects, or raise ApiError naming the endpoint."""
    items = expect_list(endpoint, value)
    for item in items:
        if not isinstance(item, dict):
            raise ApiError(
                endpoint, None, f"expected objects in the array, got {type(item).__name__}"
            )
    return cast(list[dict[str, Any]], items)


def _str_list(endpoint: str, key: str, value: Any) -> list[str]:
    """Return value when it is a JSON array of strings."""
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ApiError(endpoint, None, f"'{key}' is not an array of strings")
    return cast(list[str], value)


def _object_map(endpoint: str, key: str, value: Any) -> dict[str, dict[str, Any]]:
    """Return value when it is a JSON object whose values are objects."""
    if not isinstance(value, dict) or not all(isinstance(item, dict) for item in value.values()):
        raise ApiError(endpoint, None, f"'{key}' is not an object of objects")
    return cast(dict[str, dict[str, Any]], value)


@dataclass
class MainData:
    """The merged result of ``sync/maindata`` polls. Pure: it never does I/O.

    qBittorrent answers a poll with the changes since the ``rid`` the client echoes: changed
    torrents with only their changed fields, ``*_removed`` lists, and a ``full_update`` flag when
    it sends everything again (rid 0, or a rid it no longer knows).
    """

    rid: int = 0
    torrents: dict[str, QbtTorrent] = field(default_factory=dict)
    categories: dict[str, QbtCategory] = field(default_factory=dict)
    tags: set[str] = field(default_factory=set)
    trackers: dict[str, list[str]] = field(default_factory=dict)
    server_state: QbtServerState = field(default_factory=QbtServerState)
    full_updates: int = 0
    """How many full updates were applied: a jump means qBittorrent lost track of our rid."""

    def torrent(self, torrent_hash: str) -> QbtTorrent | None:
        """Return one torrent by hash (any case), or None."""
        return self.torrents.get(torrent_hash.lower())

    def apply(self, update: Mapping[str, Any]) -> None:
        """Merge one ``sync/maindata`` answer; a malformed one raises ApiError, changing nothing."""
        endpoint = MAINDATA_ENDPOINT
        rid = update.get("rid")
        if not isinstance(rid, int) or isinstance(rid, bool):
            raise ApiError(endpoint, None, "'rid' is missing or not an integer")
        # Validate every part before touching the state, so a bad delta cannot half-apply.
        torrents = _object_map(endpoint, "torrents", update.get("torrents", {}))
        torrents_removed = _str_list(
            endpoint, "torrents_removed", update.get("torrents_removed", [])
        )
        categories = _object_map(endpoint, "categories", update.get("categories", {}))
        categories_removed = _str_list(
            endpoint, "categories_removed", update.get("categories_removed", [])
        )
        tags = _str_list(endpoint, "tags", update.get("tags", []))
        tags_removed = _str_list(endpoint, "tags_removed", update.get("tags_removed", []))
        trackers = update.get("trackers", {})
        if not isinstance(trackers, dict):
            raise ApiError(endpoint, None, "'trackers' is not an object")
        tracker_map = {url: _str_list(endpoint, "trackers", hs) for url, hs in trackers.items()}
        trackers_removed = _str_list(
            endpoint, "trackers_removed", update.get("trackers_removed", [])
        )
        server_state = expect_dict(endpoint, update.get("server_state", {}))

        if update.get("full_update") is True or self.rid == 0:
            # Everything is resent: anything not in this answer is gone.
            self.torrents.clear()
            self.categories.clear()
            self.tags.clear()
            self.trackers.clear()
            self.server_state = QbtServerState()
            self.full_updates += 1

        for raw_hash, fields in torrents.items():
            torrent_hash = raw_hash.lower()
            merged = cast(dict[str, Any], self.torrents.setdefault(torrent_hash, QbtTorrent()))
            merged.update(fields)
            # maindata keys torrents by hash and leaves the field out; put it back so a merged
            # torrent looks like a torrents/info entry.
            merged["hash"] = torrent_hash
        for raw_hash in torrents_removed:
            self.torrents.pop(raw_hash.lower(), None)

        for name, fields in categories.items():
            cast(dict[str, Any], self.categories.setdefault(name, QbtCategory())).update(fields)
        for name in categories_removed:
            self.categories.pop(name, None)

        self.tags.update(tags)
        self.tags.difference_update(tags_removed)

        self.trackers.update(tracker_map)
        for url in trackers_removed:
            self.trackers.pop(url, None)

        cast(dict[str, Any], self.server_state).update(server_state)
        self.rid = rid


class _SessionRejected(InvalidAuth):
    """A 403 from a non-login call: the session expired, was lost, or login is required."""


class QBittorrentClient(HttpApi):
    """Async client of one qBittorrent WebUI.

    Logs in lazily on the first call, logs in again once when a call is refused with 403, and
    never retries a login that qBittorrent refused because the IP is banned.

    The session cookie is sent as an explicit ``Cookie`` header. A session whose cookie jar
    also holds a cookie of that name for the host (aiohttp lets the jar win) still works, but a
    session with ``aiohttp.DummyCookieJar()`` keeps clients fully apart. qBittorrent keeps one
    ``sync/maindata`` state per login session, so use one client per poller.
    """

    def __init__(
        self,
        session: aiohttp.ClientSession,
        url: str,
        username: str = "",
        password: str = "",
        *,
        verify_ssl: bool = True,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        """Keep the credentials; empty ones mean the WebUI lets this host in without a login."""
        super().__init__(session, url, verify_ssl=verify_ssl, timeout=timeout)
        self._username = username
        self._password = password
        self._cookie: str | None = None
        self._logged_in = False
        # Bumped by every successful login, so concurrent calls that all got a 403 with the same
        # old session trigger one login between them instead of one each.
        self._login_generation = 0
        self._login_lock = asyncio.Lock()
        self._logins_finished = 0
        self._login_error: InvalidAuth | IpBanned | None = None
        self._login_response: tuple[int, str | None] | None = None
        self._webapi_version: tuple[int, ...] | None = None
        self.maindata = MainData()

    # ----------------------------------------------------------------- session handling

    @property
    def has_credentials(self) -> bool:
        """Whether a username or password was configured (else rely on the auth bypass)."""
        return bool(self._username or self._password)

    def _check_status(self, endpoint: str, response: aiohttp.ClientResponse) -> None:
        """Tell the two meanings of 403 apart: a banned IP at login, a lost session elsewhere."""
        if response.status == 403:
            if endpoint == LOGIN_ENDPOINT:
                raise IpBanned(
                    "qBittorrent banned this IP after too many failed logins; "
                    "wait for the ban to expire (1 hour by default) or restart qBittorrent"
                )
            raise _SessionRejected(f"{endpoint}: HTTP 403")
        super()._check_status(endpoint, response)

    async def _after_response(self, response: aiohttp.ClientResponse) -> None:
        """Keep the status and cookies of a login response (the body alone cannot tell 204)."""
        if response.url.path.endswith("/" + LOGIN_PATH):
            cookies = "; ".join(
                f"{name}={morsel.value}" for name, morsel in response.cookies.items()
            )
            self._login_response = (response.status, cookies or None)

    async def login(self) -> None:
        """Log in now (normally done on demand). No-op without credentials.

        Raises InvalidAuth for wrong credentials and IpBanned when the IP is banned.
        """
        if self.has_credentials:
            await self._login_once(self._login_generation)

    async def _login_once(self, seen_generation: int) -> None:
        """Log in unless another task already did since the caller's session was refused.

        Tasks that queued behind a login that was refused share its error instead of trying
        again: each refused attempt counts towards qBittorrent's IP ban.
        """
        finished_seen = self._logins_finished
        async with self._login_lock:
            if self._logged_in and self._login_generation != seen_generation:
                return
            if self._logins_finished != finished_seen and self._login_error is not None:
                # A login that was under way while this task queued has just been refused.
                raise type(self._login_error)(str(self._login_error))
            self._login_error = None  # only a refusal is shared; a timeout is worth a retry
            try:
                await self._do_login()
            except (InvalidAuth, IpBanned) as err:
                self._login_error = err
                raise
            finally:
                self._logins_finished += 1

    async def _do_login(self) -> None:
        """POST the credentials and keep the session cookie; the password is never logged."""
        self._cookie = None
        self._logged_in = False
        self._login_response = None
        try:
            body = await self._request(
                "POST",
                LOGIN_PATH,
                data={"username": self._username, "password": self._password},
                expect="text",
            )
        except InvalidAuth:
            # 401 from 5.2+; say so without echoing anything the user typed.
            raise InvalidAuth(
                f"{LOGIN_ENDPOINT}: qBittorrent refused the username or password"
            ) from None
        status, cookie = self._login_response or (0, None)
        text = cast(str, body).strip()
        if text == "Fails.":
            raise InvalidAuth(f"{LOGIN_ENDPOINT}: qBittorrent refused the username or password")
        if not (status == 204 or text == "Ok."):
            raise ApiError(LOGIN_ENDPOINT, status, "answered neither 'Ok.' nor 204")
        self._cookie = cookie
        self._logged_in = True
        self._login_generation += 1
        _LOGGER.debug("Logged in to qBittorrent at %s", self.base_url)

    async def logout(self) -> None:
        """End the session on the server and forget the cookie."""
        try:
            if self._cookie is not None:
                await self._send("POST", "auth/logout", expect="none")
        except _SessionRejected:
            pass  # the session was already gone: what logging out wanted
        finally:
            self._cookie = None
            self._logged_in = False

    async def _send(
        self,
        method: Literal["GET", "POST"],
        endpoint: str,
        *,
        params: Query = None,
        form: Mapping[str, str] | None = None,
        multipart: Callable[[], aiohttp.FormData] | None = None,
        expect: Expect = "json",
    ) -> Any:
        """Send one request with the current session cookie; no Origin/Referer (CSRF check)."""
        headers = {"Cookie": self._cookie} if self._cookie else None
        data: Any = multipart() if multipart is not None else form
        return await self._request(
            method,
            f"{API_PREFIX}/{endpoint}",
            params=params,
            data=data,
            headers=headers,
            expect=expect,
        )

    async def _call(
        self,
        method: Literal["GET", "POST"],
        endpoint: str,
        *,
        params: Query = None,
        form: Mapping[str, str] | None = None,
        multipart: Callable[[], aiohttp.FormData] | None = None,
        expect: Expect = "json",
    ) -> Any:
        """Call an API endpoint, logging in first if needed and once more after a 403.

        ``multipart`` is a factory because a FormData body can be sent only once.
        """
        if self.has_credentials and not self._logged_in:
            await self._login_once(self._login_generation)
        generation = self._login_generation
        try:
            return await self._send(
                method, endpoint, params=params, form=form, multipart=multipart, expect=expect
            )
        except _SessionRejected as err:
            if not self.has_credentials:
                raise InvalidAuth(
                    f"{err}: qBittorrent requires a login for this host (set username and password)"
                ) from None
            _LOGGER.debug("qBittorrent refused the session (%s); logging in again", err)
        await self._login_once(generation)
        try:
            return await self._send(
                method, endpoint, params=params, form=form, multipart=multipart, expect=expect
            )
        except _SessionRejected as err:
            raise InvalidAuth(f"{err} even after a fresh login") from None

    # ----------------------------------------------------------------- versions

    async def app_version(self) -> str:
        """Return the application version, e.g. "v5.3.0"."""
        return cast(str, await self._call("GET", "app/version", expect="text")).strip()

    async def webapi_version(self) -> str:
        """Return the WebAPI version, e.g. "2.16.2", and remember it."""
        text = cast(str, await self._call("GET", "app/webapiVersion", expect="text")).strip()
        self._webapi_version = parse_version(f"GET {API_PREFIX}/app/webapiVersion", text)
        return text

    async def webapi_version_tuple(self) -> tuple[int, ...]:
        """Return the WebAPI version as numbers, asking the server only the first time."""
        if self._webapi_version is None:
            self._webapi_version = parse_version(
                f"GET {API_PREFIX}/app/webapiVersion", await self.webapi_version()
            )
        return self._webapi_version

    async def is_v5(self) -> bool:
        """Whether the server speaks the 5.x dialect (stop/start, ``stopped``, stopped* states)."""
        return await self.webapi_version_tuple() >= FIRST_STOP_START_WEBAPI

    # ----------------------------------------------------------------- reading

    async def fetch_maindata(self, rid: int = 0) -> dict[str, Any]:
        """One raw ``sync/maindata`` answer for ``rid`` (a delta unless it is a full update)."""
        body = await self._call("GET", "sync/maindata", params={"rid": rid})
        return expect_dict(MAINDATA_ENDPOINT, body)

    async def sync_maindata(self) -> MainData:
        """Poll ``sync/maindata`` with the last rid and merge the answer into ``self.maindata``."""
        update = await self.fetch_maindata(self.maindata.rid)
        self.maindata.apply(update)
        return self.maindata

    async def torrents_info(
        self,
        hashes: str | Iterable[str] | None = None,
        *,
        status_filter: str | None = None,
        category: str | None = None,
        tag: str | None = None,
        sort: str | None = None,
        reverse: bool | None = None,
        limit: int | None = None,
        offset: int | None = None,
    ) -> list[QbtTorrent]:
        """Torrents, all or the given hashes (any case); an empty ``hashes`` returns [].

        ``status_filter`` is qBittorrent's ``filter``; "paused"/"resumed" and
        "stopped"/"running" are translated to what the server's version calls them.
        """
        params: dict[str, str | int | bool] = {}
        if hashes is not None:
            wanted = _hash_list(hashes)
            if not wanted:
                return []
            params["hashes"] = "|".join(wanted)
        if status_filter is not None:
            if status_filter in _FILTER_V5 or status_filter in _FILTER_V4:
                table = _FILTER_V5 if await self.is_v5() else _FILTER_V4
                status_filter = table.get(status_filter, status_filter)
            params["filter"] = status_filter
        for key, value in (
            ("category", category),
            ("tag", tag),
            ("sort", sort),
            ("reverse", reverse),
            ("limit", limit),
            ("offset", offset),
        ):
            if value is not None:
                params[key] = value
        body = await self._call("GET", "torrents/info", params=params)
        return cast(list[QbtTorrent], _expect_objects(f"GET {API_PREFIX}/torrents/info", body))

    async def torrent_files(self, torrent_hash: str) -> list[QbtFile]:
        """List the files of one torrent; an unknown hash raises ApiError with status 404."""
        body = await self._call(
            "GET", "torrents/files", params={"hash": normalize_hash(torrent_hash)}
        )
        return cast(list[QbtFile], _expect_objects(f"GET {API_PREFIX}/torrents/files", body))

    # ----------------------------------------------------------------- changing

    async def set_file_priority(
        self, torrent_hash: str, file_ids: Iterable[int], priority: int
    ) -> None:
        """Set the priority (0, 1, 6 or 7) of files by index; 0 stops downloading them.

        qBittorrent answers 409 (ApiError) while the torrent has no metadata or an index is out
        of range, and 404 for an unknown torrent.
        """
        if priority not in set(FilePriority):
            raise ValueError(f"priority must be one of 0, 1, 6, 7, not {priority}")
        ids = [str(int(file_id)) for file_id in file_ids]
        if not ids:
            return
        await self._call(
            "POST",
            "torrents/filePrio",
            form={
                "hash": normalize_hash(torrent_hash),
                "id": "|".join(ids),
                "priority": str(priority),
            },
            expect="none",
        )

    async def delete_torrents(self, hashes: str | Iterable[str], delete_files: bool) -> None:
        """Remove torrents, and their data on disk when ``delete_files``; [] does nothing."""
        wanted = _hash_list(hashes)
        if not wanted:
            return
        await self._call(
            "POST",
            "torrents/delete",
            # Both parameters are required by qBittorrent (requireParams), so always send both.
            form={"hashes": "|".join(wanted), "deleteFiles": _bool(delete_files)},
            expect="none",
        )

    async def add_torrent(
        self,
        source: bytes | str | Iterable[str],
        *,
        save_path: str | None = None,
        stopped: bool = False,
        skip_checking: bool = False,
        category: str | None = None,
        tags: str | Iterable[str] | None = None,
        sequential: bool = False,
        filename: str = "upload.torrent",
    ) -> list[str]:
        """Add a .torrent (bytes) or URLs/magnets (str or strings).

        Returns the ids of added torrents when the server reports them (5.2+), else [].
        A torrent already present is an ApiError with status 409.
        """
        v5 = await self.is_v5()
        urls = [source] if isinstance(source, str) else None
        if urls is None and not isinstance(source, bytes):
            urls = list(source)
            if not urls:
                raise ValueError("no torrent URL given")
        tag_text = tags if isinstance(tags, str) or tags is None else ",".join(tags)
        fields: dict[str, str] = {
            ("stopped" if v5 else "paused"): _bool(stopped),
            "skip_checking": _bool(skip_checking),
            "sequentialDownload": _bool(sequential),
        }
        if save_path is not None:
            fields["savepath"] = save_path
        if category is not None:
            fields["category"] = category
        if tag_text:
            fields["tags"] = tag_text

        def build() -> aiohttp.FormData:
            form = aiohttp.FormData(default_to_multipart=True)
            if isinstance(source, bytes):
                form.add_field(
                    "torrents", source, filename=filename, content_type="application/x-bittorrent"
                )
            else:
                form.add_field("urls", "\n".join(urls or []))
            for key, value in fields.items():
                form.add_field(key, value)
            return form

        endpoint = f"POST {API_PREFIX}/torrents/add"
        try:
            body = await self._call("POST", "torrents/add", multipart=build, expect="text")
        except ApiError as err:
            if err.status == 409:
                raise ApiError(endpoint, 409, "the torrent is already in qBittorrent") from err
            if err.status == 415:
                raise ApiError(
                    endpoint, 415, "qBittorrent says this is not a valid torrent"
                ) from err
            raise
        return _parse_add_result(endpoint, cast(str, body))

    async def add_peers(self, hashes: str | Iterable[str], peers: Iterable[str]) -> None:
        """Tell torrents about peers ("host:port"), e.g. a seeder the tracker does not know."""
        wanted = _hash_list(hashes)
        peer_list = list(peers)
        if not wanted or not peer_list:
            return
        await self._call(
            "POST",
            "torrents/addPeers",
            form={"hashes": "|".join(wanted), "peers": "|".join(peer_list)},
            expect="text",
        )

    async def stop(self, hashes: str | Iterable[str]) -> None:
        """Stop (5.x) or pause (4.x) torrents."""
        await self._start_stop(hashes, "stop" if await self.is_v5() else "pause")

    async def start(self, hashes: str | Iterable[str]) -> None:
        """Start (5.x) or resume (4.x) torrents."""
        await self._start_stop(hashes, "start" if await self.is_v5() else "resume")

    async def _start_stop(self, hashes: str | Iterable[str], action: str) -> None:
        """POST one of the start/stop/pause/resume actions."""
        wanted = _hash_list(hashes)
        if wanted:
            await self._call(
                "POST", f"torrents/{action}", form={"hashes": "|".join(wanted)}, expect="none"
            )

    async def set_download_limit(self, bytes_per_s: int) -> None:
        """Set the global download limit in bytes per second; 0 removes it."""
        if bytes_per_s < 0:
            raise ValueError("the download limit cannot be negative")
        await self._call(
            "POST", "transfer/setDownloadLimit", form={"limit": str(bytes_per_s)}, expect="none"
        )


def _parse_add_result(endpoint: str, text: str) -> list[str]:
    """Read the answer of ``torrents/add``: JSON counts on 5.2+, "Ok."/"Fails." before."""
    stripped = text.strip()
    if stripped == "Ok.":
        return []
    if stripped == "Fails.":
        raise ApiError(endpoint, 200, "qBittorrent did not add the torrent")
    try:
        result = expect_dict(endpoint, json.loads(stripped))
    except ValueError as err:
        raise ApiError(endpoint, 200, "answered with neither 'Ok.' nor JSON") from err
    added = result.get("added_torrent_ids", [])
    ids = [item.lower() for item in _str_list(endpoint, "added_torrent_ids", added)]
    failures = result.get("failure_count", 0)
    if not ids and result.get("pending_count", 0) == 0 and isinstance(failures, int) and failures:
        raise ApiError(endpoint, 200, "qBittorrent did not add the torrent")
    return ids
