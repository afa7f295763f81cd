"""The one HTTP path every client uses: URL joining, timeouts, TLS choice and error mapping."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
import json
import logging
from typing import Any, Literal, cast

import aiohttp
from yarl import URL

from .errors import ApiError, CannotConnect, InvalidAuth

_LOGGER = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 15.0
LARGE_BODY = 256 * 1024  # bytes: above this a body is decoded in the executor

type QueryValue = str | int | float | bool
type Query = Mapping[str, QueryValue | Sequence[QueryValue]] | None
type Expect = Literal["json", "text", "none"]


def normalize_base_url(url: str) -> str:
    """Return the URL without trailing slashes so paths can be appended to it.

    A path prefix (``http://host:8989/sonarr``) is kept: reverse proxies serve the apps below one.
    """
    return url.strip().rstrip("/")


def split_credentials(url: str) -> tuple[str, str | None]:
    """The URL without ``user:password@``, and those credentials as a basic auth header value.

    Credentials in a URL are a reverse proxy's login: sent as basic auth, never kept in the URL
    (which appears in log lines and links).
    """
    try:
        parsed = URL(url)
    except ValueError:
        return url, None
    if parsed.user is None and parsed.password is None:
        return url, None
    auth = aiohttp.encode_basic_auth(parsed.user or "", parsed.password or "")
    return str(parsed.with_user(None).with_password(None)), auth


def _query_items(params: Query) -> list[tuple[str, str]]:
    """Flatten params; a sequence repeats the key, which is how ASP.NET and Express bind arrays."""
    items: list[tuple[str, str]] = []
    for key, value in (params or {}).items():
        values = value if isinstance(value, Sequence) and not isinstance(value, str) else [value]
        for item in values:
            items.append((key, str(item).lower() if isinstance(item, bool) else str(item)))
    return items


class HttpApi:
    """Base of the JSON clients: holds the injected session and performs checked requests."""

    # Whether the client sends an Authorization header of its own (then basic auth cannot be).
    authorization_header = False

    def __init__(
        self,
        session: aiohttp.ClientSession,
        url: str,
        *,
        verify_ssl: bool = True,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        """Keep the session (Home Assistant's shared one in production) and the base URL."""
        self._session = session
        plain, self._auth = split_credentials(normalize_base_url(url))
        self.base_url = normalize_base_url(plain)
        if self._auth is not None and self.authorization_header:
            _LOGGER.warning(
                "%s authenticates with its own Authorization header: the user name and password "
                "in its URL are not used",
                self.base_url,
            )
            self._auth = None
        self._ssl: bool = verify_ssl
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        # Every request sent, counted so the shell can report requests per update cycle.
        self.request_count = 0

    @property
    def session(self) -> aiohttp.ClientSession:
        """The injected session (its owner, not the client, decides when it is closed)."""
        return self._session

    def _headers(self) -> dict[str, str]:
        """Authentication and content headers of every request; subclasses add theirs."""
        return {"Accept": "application/json"}

    async def _request(
        self,
        method: str,
        path: str,
        *,
        params: Query = None,
        json_body: Any = None,
        data: Any = None,
        headers: Mapping[str, str] | None = None,
        expect: Expect = "json",
    ) -> Any:
        """Send one request and return the decoded body, or raise a ClientError subclass."""
        endpoint = f"{method} {path}"
        self.request_count += 1
        all_headers = self._headers()
        if self._auth is not None:
            all_headers["Authorization"] = self._auth
        if headers:
            all_headers.update(headers)
        try:
            async with self._session.request(
                method,
                f"{self.base_url}/{path.lstrip('/')}",
                params=_query_items(params),
                json=json_body,
                data=data,
                headers=all_headers,
                ssl=self._ssl,
                timeout=self._timeout,
                allow_redirects=False,
            ) as response:
                self._check_status(endpoint, response)
                body = await response.read()
                await self._after_response(response)
        except (TimeoutError, asyncio.CancelledError) as err:
            if isinstance(err, asyncio.CancelledError):
                raise
            raise CannotConnect(f"{endpoint}: timed out") from err
        except aiohttp.ClientError as err:
            raise CannotConnect(f"{endpoint}: {type(err).__name__}") from err
        if len(body) > LARGE_BODY:
            # Decoding a few MB of JSON (a history page, a full maindata) takes tens of ms:
            # off the event loop, on the loop's default executor.
            return await asyncio.get_running_loop().run_in_executor(
                None, decode_body, endpoint, response.status, response.content_type, body, expect
            )
        return decode_body(endpoint, response.status, response.content_type, body, expect)

    async def _after_response(self, response: aiohttp.ClientResponse) -> None:
        """Hook for clients that keep something from a response (qBittorrent's cookie)."""

    def _check_status(self, endpoint: str, response: aiohttp.ClientResponse) -> None:
        """Map HTTP status codes onto the error hierarchy."""
        status = response.status
        if status in (401, 403):
            raise InvalidAuth(f"{endpoint}: HTTP {status}")
        if status >= 500:
            raise CannotConnect(f"{endpoint}: HTTP {status}")
        if not 200 <= status < 300:
            raise ApiError(endpoint, status, "unexpected status")


def decode_body(endpoint: str, status: int, content_type: str, body: bytes, expect: Expect) -> Any:
    """Decode a response body as the endpoint promises, rejecting HTML and broken JSON."""
    if expect == "none":
        return None
    text = body.decode("utf-8", errors="replace")
    if expect == "text":
        if content_type == "text/html" or text.lstrip().startswith("<"):
            raise ApiError(endpoint, status, "answered with an HTML page instead of the API")
        return text
    if content_type == "text/html":
        raise ApiError(endpoint, status, "answered with an HTML page instead of JSON")
    try:
        return json.loads(text)
    except ValueError as err:
        raise ApiError(endpoint, status, "answered with a body that is not valid JSON") from err


def expect_list(endpoint: str, value: Any) -> list[Any]:
    """Return value when it is a JSON array, else raise ApiError."""
    if not isinstance(value, list):
        raise ApiError(endpoint, None, f"expected a JSON array, got {type(value).__name__}")
    return value


def expect_dict(endpoint: str, value: Any) -> dict[str, Any]:
    """Return value when it is a JSON object, else raise ApiError."""
    if not isinstance(value, dict):
        raise ApiError(endpoint, None, f"expected a JSON object, got {type(value).__name__}")
    return cast(dict[str, Any], value)
