"""qBittorrent WebUI API v2 client (qBittorrent 4.6 to 5.3).

Differences between the versions that this client hides:

* Login success is body ``Ok.`` (4.x, 5.0, 5.1) or HTTP 204 (5.2+); bad credentials are body
  ``Fails.`` or HTTP 401; a banned IP gets 403 from the login itself.
* The session cookie is ``SID`` on older versions and ``QBT_SID_<port>`` on 5.2+, so whatever
  cookie the login sets is kept and sent back explicitly (Home Assistant's shared session must
  not be relied on to keep one per integration).
* ``torrents/files?indexes=`` (only some files, each with its ``index``) exists from WebAPI 2.8.2
  (qBittorrent 4.4); before, every file is listed, without ``index``.
* WebAPI 2.11 (qBittorrent 5.0) renamed pause/resume to stop/start, the ``paused`` parameter of
  ``torrents/add`` to ``stopped`` and the states ``pausedUP``/``pausedDL`` to
  ``stoppedUP``/``stoppedDL``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Mapping
import logging
import re
from typing import Any, Final, Literal, cast

import aiohttp

from .errors import ApiError, Forbidden, InvalidAuth, IpBanned
from .http import DEFAULT_TIMEOUT, Expect, HttpApi, Query, expect_dict, expect_list
from .payloads.qbittorrent import FilePriority, QbtFile, QbtTorrent, normalize_hash
from .qbittorrent_maindata import MAINDATA_ENDPOINT, MainData

_LOGGER = logging.getLogger(__name__)

API_PREFIX: Final = "api/v2"
LOGIN_PATH: Final = f"{API_PREFIX}/auth/login"
LOGIN_ENDPOINT: Final = f"POST {LOGIN_PATH}"

FIRST_STOP_START_WEBAPI: Final = (2, 11, 0)
"""WebAPI of qBittorrent 5.0, where pause/resume became stop/start (Sonarr cuts there too)."""

FIRST_FILE_INDEXES_WEBAPI: Final = (2, 8, 2)
"""WebAPI of qBittorrent 4.4, the first whose ``torrents/files`` takes ``indexes`` and names each
file's ``index``; older ones ignore the parameter and answer every file, in index order."""

_FILTER_V5: Final = {"paused": "stopped", "resumed": "running"}
_FILTER_V4: Final = {v5: v4 for v4, v5 in _FILTER_V5.items()}


def hash_list(hashes: str | Iterable[str]) -> list[str]:
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


def bool_param(value: bool) -> str:
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
            # The login worked, the call is still refused: not the password but something in
            # front of or inside qBittorrent (a reverse proxy's rule, a permission).
            raise Forbidden(
                f"{err} even after a fresh login: a reverse proxy or qBittorrent's settings "
                "refuse this host"
            ) from None

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
            wanted = hash_list(hashes)
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

    async def torrent_files(
        self, torrent_hash: str, indexes: Iterable[int] | None = None
    ) -> list[QbtFile]:
        """List the files of one torrent, or only those at ``indexes``, each with its ``index``.

        An unknown hash raises ApiError with status 404, an index out of range one with 409.
        No index at all answers [] without asking.
        """
        params: dict[str, str | int | bool] = {"hash": normalize_hash(torrent_hash)}
        wanted: list[int] | None = None
        if indexes is not None:
            wanted = sorted({int(index) for index in indexes})
            if not wanted:
                return []
            if await self.webapi_version_tuple() >= FIRST_FILE_INDEXES_WEBAPI:
                params["indexes"] = "|".join(str(index) for index in wanted)
        body = await self._call("GET", "torrents/files", params=params)
        files = cast(list[QbtFile], _expect_objects(f"GET {API_PREFIX}/torrents/files", body))
        for position, file in enumerate(files):
            # Older servers list every file in index order without naming the index.
            file.setdefault("index", position)
        if wanted is not None and "indexes" not in params:
            chosen = set(wanted)
            files = [file for file in files if file["index"] in chosen]
        return files

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
        wanted = hash_list(hashes)
        if not wanted:
            return
        await self._call(
            "POST",
            "torrents/delete",
            # Both parameters are required by qBittorrent (requireParams), so always send both.
            form={"hashes": "|".join(wanted), "deleteFiles": bool_param(delete_files)},
            expect="none",
        )
