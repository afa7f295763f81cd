"""What every fake server shares: listening, routing, recording, auth, misbehaviour, spec checks.

A fake runs an ``aiohttp.web`` application on 127.0.0.1 (a random free port, or the previous one
when restarted) inside the caller's event loop. One catch-all route feeds a tiny router of our own,
because aiohttp resolves routes before middlewares run and we need, per request, the *template*
that matched (``/api/v3/series/{id}``) to look the answer up in the real project's OpenAPI file.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable, Mapping
import contextlib
import copy
from dataclasses import dataclass, field
from enum import StrEnum
import json
import os
from pathlib import Path
import re
import secrets
import socket
import sys
from typing import Any, ClassVar, Final

from aiohttp import web
from multidict import CIMultiDict, MultiMapping

from .spec_validation import OpenApiSpec, cached_spec, load_spec_async

type Json = Any
type Handler = Callable[[Call], Awaitable[web.StreamResponse]]

HOST: Final = "127.0.0.1"
_ROUTE_KEY: Final = web.RequestKey("fake_route", str)

HTML_LOGIN_PAGE: Final = (
    "<!DOCTYPE html><html><head><title>Login</title></head><body>"
    '<form method="post" action="/login"><input name="username"><input name="password" '
    'type="password"><button>Log in</button></form></body></html>'
)


class Behaviour(StrEnum):
    """Ways a fake can misbehave; ``None`` on ``FakeServer.behaviour`` means answer normally."""

    DOWN = "down"
    """Abort the connection without answering (the client sees a disconnect)."""
    SLOW = "slow"
    """Wait ``slow_seconds`` before answering, so a client timeout fires first."""
    UNAUTHORIZED = "401"
    FORBIDDEN = "403"
    SERVER_ERROR = "500"
    HTML = "html"
    """200 ``text/html`` login page, as a reverse proxy or SSO portal in front of the app sends."""
    TRUNCATED = "truncated"
    """200 ``application/json`` whose body is the real answer cut in half."""


class FakeHttpError(Exception):
    """Raised by handlers to answer with an error status and the fake's error body."""

    def __init__(self, status: int, message: str, *, body: Json = None) -> None:
        """Keep the status and a human message; the fake formats the body unless given."""
        super().__init__(message)
        self.status = status
        self.message = message
        self.body = body


@dataclass(slots=True)
class RecordedRequest:
    """One request as the fake received it (``path`` is below ``url_base``)."""

    method: str
    path: str
    query: dict[str, str]
    """First value of each query key, keys as sent."""
    query_all: dict[str, list[str]]
    headers: CIMultiDict[str]
    json: Json
    """The decoded JSON body, or ``None`` when there was none (or it was not JSON)."""
    route: str | None = None
    """The route template that answered, e.g. ``/api/v3/series/{id}``."""
    status: int | None = None
    """The status the fake answered with (``None`` when the connection was aborted)."""


_RECORD_KEY: Final = web.RequestKey("fake_record", RecordedRequest)


class Query:
    """Query parameters with the app's binding rules (ASP.NET: keys case-insensitive)."""

    def __init__(self, values: MultiMapping[str], *, case_insensitive: bool) -> None:
        """Wrap the request's query multidict."""
        self._values = values
        self._case_insensitive = case_insensitive

    def get_all(self, name: str) -> list[str]:
        """Every value given for ``name`` (repeated keys are how ASP.NET and Express bind lists)."""
        if not self._case_insensitive:
            return list(self._values.getall(name, []))
        wanted = name.lower()
        return [value for key, value in self._values.items() if key.lower() == wanted]

    def get(self, name: str) -> str | None:
        """The first value given for ``name``."""
        values = self.get_all(name)
        return values[0] if values else None

    def get_int(self, name: str, default: int | None = None) -> int | None:
        """An integer parameter; a malformed one is a 400 like model binding gives."""
        raw = self.get(name)
        if raw is None or raw == "":
            return default
        try:
            return int(raw)
        except ValueError:
            raise FakeHttpError(400, f"The value '{raw}' is not valid for {name}.") from None

    def get_ints(self, name: str) -> list[int]:
        """A list-of-integers parameter given as repeated keys."""
        result: list[int] = []
        for raw in self.get_all(name):
            try:
                result.append(int(raw))
            except ValueError:
                raise FakeHttpError(400, f"The value '{raw}' is not valid for {name}.") from None
        return result

    def get_bool(self, name: str, default: bool = False) -> bool:
        """A boolean parameter: only ``true``/``false`` (any case) bind, as in ASP.NET."""
        raw = self.get(name)
        if raw is None or raw == "":
            return default
        if raw.lower() in {"true", "false"}:
            return raw.lower() == "true"
        raise FakeHttpError(400, f"The value '{raw}' is not valid for {name}.")


@dataclass(frozen=True, slots=True)
class Call:
    """What a route handler gets: the request, path parameters, query and decoded body."""

    request: web.Request
    params: Mapping[str, str]
    query: Query
    body: Json


@dataclass(frozen=True, slots=True)
class Route:
    """One endpoint of a fake; ``template`` uses the spec's ``{name}`` placeholders."""

    method: str
    template: str
    handler: Handler
    auth: bool = True
    regex: re.Pattern[str] = field(init=False, compare=False)

    def __post_init__(self) -> None:
        """Compile the template; routing is case-insensitive and ignores a trailing slash."""
        pattern = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(self.template))
        object.__setattr__(self, "regex", re.compile(f"^{pattern}/?$", re.IGNORECASE))

    @property
    def specificity(self) -> int:
        """Fewer placeholders first, so ``/episodefile/bulk`` wins over ``/episodefile/{id}``."""
        return self.template.count("{")


def json_response(data: Json, status: int = 200) -> web.Response:
    """A JSON answer with the ``charset`` the real servers add."""
    return web.Response(
        text=json.dumps(data), status=status, content_type="application/json", charset="utf-8"
    )


def empty_response(status: int = 204) -> web.Response:
    """An answer without a body (204 No Content, or 200 with nothing)."""
    return web.Response(status=status)


def allow_loopback_sockets() -> None:
    """Let the running test create sockets, which a fake server is useless without.

    The Home Assistant test plugin blocks socket creation before every test (pytest-socket) and
    blocks it again before the next one; its 127.0.0.1-only connect guard stays in force.
    Outside pytest (the demo) pytest-socket is not loaded and nothing happens.
    """
    pytest_socket = sys.modules.get("pytest_socket")
    if pytest_socket is not None and socket.socket is not pytest_socket._true_socket:
        pytest_socket.enable_socket()


def ci_env() -> bool:
    """Whether we run in CI, where a missing spec file must fail instead of skipping checks."""
    return os.environ.get("CI", "").strip().lower() == "true"


class FakeServer:
    """Base of the fakes. Subclasses declare ``routes()``, auth and scenario loading.

    Attributes tests use: ``api_key``, ``url``, ``requests``, ``behaviour`` (a ``Behaviour``, its
    string value, or ``None``), ``behaviour_path`` (limit the misbehaviour to paths starting with
    it), ``slow_seconds``, ``spec_violations`` and ``spec_status``.
    """

    name: ClassVar[str] = "fake"
    spec_file: ClassVar[str | None] = None
    """File name below ``<repo>/../shared/specs`` to validate answers against, if any."""
    spec_path_prefix: ClassVar[str] = ""
    """Prefix of our routes that the spec's paths leave out (Jellyseerr's ``/api/v1``)."""
    case_insensitive_query: ClassVar[bool] = True

    def __init__(
        self,
        *,
        api_key: str | None = None,
        url_base: str = "",
        scenario: Mapping[str, Any] | None = None,
        spec_path: Path | None = None,
        validate_spec: bool = True,
        port: int | None = None,
    ) -> None:
        """Prepare (not start) the fake.

        ``url_base`` puts every route below e.g. ``/sonarr``; ``scenario`` replaces the basic
        one; ``spec_path`` overrides where the OpenAPI file is looked for; ``port`` fixes the
        port (the demo), otherwise a free one is picked.
        """
        self.api_key = api_key or secrets.token_hex(16)
        self.url_base = "/" + url_base.strip("/") if url_base.strip("/") else ""
        self.requests: list[RecordedRequest] = []
        self.behaviour: Behaviour | str | None = None
        self.behaviour_path: str | None = None
        self.behaviour_method: str | None = None
        self.slow_seconds = 30.0
        self.spec_violations: list[str] = []
        self.client_errors: list[str] = []
        """Requests the real app would reject or mishandle (bad body types, misuse)."""
        self.spec_status = "not started"
        self._spec_path = spec_path
        self._validate_spec = validate_spec
        self._spec: OpenApiSpec | None = None
        self._runner: web.AppRunner | None = None
        self._port: int | None = port
        self._stopping = asyncio.Event()
        self._routes = sorted(self.routes(), key=lambda route: route.specificity)
        self.load(scenario if scenario is not None else self.default_scenario())

    # -- to be provided by subclasses -------------------------------------------------------

    def routes(self) -> Iterable[Route]:
        """The endpoints of this fake."""
        raise NotImplementedError

    def default_scenario(self) -> Mapping[str, Any]:
        """The state a fake starts with when none is given."""
        return {}

    def load(self, scenario: Mapping[str, Any]) -> None:
        """Replace the whole state with a deep copy of ``scenario``."""
        raise NotImplementedError

    def check_auth(self, request: web.Request) -> web.StreamResponse | None:
        """``None`` when the request carries a valid key, else the app's refusal."""
        raise NotImplementedError

    def error_body(self, status: int, message: str) -> Json:
        """The JSON body the app sends with an error status."""
        return {"message": message}

    def error_response(self, status: int, message: str) -> web.StreamResponse:
        """The answer for a ``FakeHttpError`` without an explicit body."""
        return json_response(self.error_body(status, message), status)

    def forced_response(self, status: int) -> web.StreamResponse:
        """The answer to give for the ``"401"``/``"403"``/``"500"`` behaviours."""
        return json_response(self.error_body(status, "Forced failure"), status)

    # -- lifecycle ---------------------------------------------------------------------------

    @property
    def url(self) -> str:
        """Base URL (with ``url_base``) of the running fake."""
        if self._port is None:
            raise RuntimeError(f"{self.name} fake is not started")
        return f"http://{HOST}:{self._port}{self.url_base}"

    @property
    def port(self) -> int:
        """The TCP port the fake listens (or last listened) on."""
        if self._port is None:
            raise RuntimeError(f"{self.name} fake is not started")
        return self._port

    @property
    def running(self) -> bool:
        """Whether the fake currently listens."""
        return self._runner is not None

    async def start(self) -> str:
        """Listen (again on the same port after a ``stop()``) and return the base URL."""
        if self._runner is not None:
            return self.url
        await self._prepare_spec()
        allow_loopback_sockets()
        self._stopping = asyncio.Event()
        app = web.Application(
            middlewares=[self._record_middleware, self._behaviour_middleware, self._spec_middleware]
        )
        app.router.add_route("*", "/{tail:.*}", self._dispatch)
        # A short shutdown timeout: a "slow" request must not hold a test's teardown.
        runner = web.AppRunner(app, access_log=None, handle_signals=False, shutdown_timeout=0.5)
        await runner.setup()
        site = web.TCPSite(runner, HOST, self._port or 0, reuse_address=True)
        try:
            await site.start()
        except OSError:
            await runner.cleanup()
            raise
        self._runner = runner
        self._port = int(runner.addresses[0][1])
        return self.url

    async def stop(self) -> None:
        """Stop listening; connections then get refused until ``start()`` is called again."""
        runner, self._runner = self._runner, None
        self._stopping.set()
        if runner is not None:
            await runner.cleanup()

    def reset_requests(self) -> None:
        """Forget the recorded requests (e.g. between two update cycles)."""
        self.requests.clear()

    def requests_to(self, path: str, method: str | None = None) -> list[RecordedRequest]:
        """Recorded requests whose path (below ``url_base``) equals ``path``, case-insensitive."""
        return [
            r
            for r in self.requests
            if r.path.lower() == path.lower() and (method is None or r.method == method.upper())
        ]

    def set_behaviour(
        self,
        behaviour: Behaviour | str | None,
        *,
        path: str | None = None,
        method: str | None = None,
    ) -> None:
        """Misbehave (or stop misbehaving with ``None``), optionally only below ``path`` and
        for one HTTP ``method``."""
        self.behaviour = Behaviour(behaviour) if behaviour is not None else None
        self.behaviour_path = path
        self.behaviour_method = method.upper() if method is not None else None

    # -- spec ----------------------------------------------------------------------------------

    @property
    def spec_path(self) -> Path | None:
        """Where this fake's OpenAPI file is expected: ``<repo>/../shared/specs/<file>``."""
        if self._spec_path is not None:
            return self._spec_path
        if self.spec_file is None:
            return None
        return Path(__file__).resolve().parents[3].parent / "shared" / "specs" / self.spec_file

    async def _prepare_spec(self) -> None:
        """Load the spec once per process; a missing one only skips checks, except in CI."""
        path = self.spec_path
        if path is None:
            self.spec_status = f"none: there is no OpenAPI file for {self.name}"
            return
        if not self._validate_spec:
            self.spec_status = "disabled"
            return
        if not path.is_file():
            reason = f"{self.name}: spec file {path} not found, answers are not validated"
            self.spec_status = f"skipped: {reason}"
            problem = f"{reason} (CI=true requires the spec)"
            if ci_env() and problem not in self.spec_violations:
                self.spec_violations.append(problem)
            return
        # Parsing the YAML spec takes a while: keep it off the loop the first time.
        self._spec = cached_spec(path) or await load_spec_async(path)
        self.spec_status = f"validated against {path.name}"

    # -- middlewares ----------------------------------------------------------------------------

    @web.middleware
    async def _record_middleware(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        """Record every request that reaches the fake, whatever happens next."""
        raw = await request.read()
        body: Json = None
        if raw:
            with contextlib.suppress(ValueError):
                body = json.loads(raw)
        query_all: dict[str, list[str]] = {}
        for key, value in request.query.items():
            query_all.setdefault(key, []).append(value)
        record = RecordedRequest(
            method=request.method,
            path=self._relative_path(request.path) or request.path,
            query={key: values[0] for key, values in query_all.items()},
            query_all=query_all,
            headers=CIMultiDict(request.headers),
            json=body,
        )
        self.requests.append(record)
        request[_RECORD_KEY] = record
        response = await handler(request)
        aborted = request.transport is None or request.transport.is_closing()
        record.status = None if aborted else response.status
        return response

    @web.middleware
    async def _behaviour_middleware(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        """Apply ``behaviour`` when the request's path is concerned."""
        behaviour = Behaviour(self.behaviour) if self.behaviour is not None else None
        relative = self._relative_path(request.path) or request.path
        if (
            behaviour is None
            or (
                self.behaviour_path is not None
                and not relative.lower().startswith(self.behaviour_path.lower())
            )
            or (self.behaviour_method is not None and request.method != self.behaviour_method)
        ):
            return await handler(request)
        match behaviour:
            case Behaviour.DOWN:
                return self._abort(request)
            case Behaviour.SLOW:
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(self.slow_seconds):
                        await self._stopping.wait()
                if self._stopping.is_set():
                    return self._abort(request)
                return await handler(request)
            case Behaviour.UNAUTHORIZED:
                return self.forced_response(401)
            case Behaviour.FORBIDDEN:
                return self.forced_response(403)
            case Behaviour.SERVER_ERROR:
                return self.forced_response(500)
            case Behaviour.HTML:
                return web.Response(text=HTML_LOGIN_PAGE, content_type="text/html")
            case Behaviour.TRUNCATED:
                real = await handler(request)
                body = real.body if isinstance(real, web.Response) else None
                text = body if isinstance(body, bytes) and len(body) > 2 else b'{"records":[{"id":1'
                return web.Response(
                    body=text[: len(text) // 2], status=200, content_type="application/json"
                )

    @staticmethod
    def _abort(request: web.Request) -> web.StreamResponse:
        """Drop the connection; aiohttp then fails to write the answer and gives up quietly."""
        if request.transport is not None:
            request.transport.abort()
        return web.Response(status=503)

    @web.middleware
    async def _spec_middleware(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        """Check every answer of a known route against the spec; record violations."""
        response = await handler(request)
        template = request.get(_ROUTE_KEY)
        if self._spec is None or template is None or not isinstance(response, web.Response):
            return response
        body = response.body if isinstance(response.body, bytes) else b""
        spec_template = template.removeprefix(self.spec_path_prefix)
        problems = self._spec.check(
            request.method, spec_template, response.status, body, response.content_type
        )
        self.spec_violations.extend(f"{self.name}: {problem}" for problem in problems)
        return response

    # -- routing --------------------------------------------------------------------------------

    def _relative_path(self, path: str) -> str | None:
        """The path below ``url_base``, or ``None`` when the request is outside it."""
        if not self.url_base:
            return path
        if path.lower() == self.url_base.lower():
            return "/"
        if path.lower().startswith(self.url_base.lower() + "/"):
            return path[len(self.url_base) :]
        return None

    async def _dispatch(self, request: web.Request) -> web.StreamResponse:
        """Route the request to a handler, checking auth and turning errors into answers."""
        relative = self._relative_path(request.path)
        if relative is None:
            return web.Response(status=404, text="Not Found")
        allowed: list[str] = []
        for route in self._routes:
            match = route.regex.match(relative)
            if match is None:
                continue
            if route.method != request.method:
                allowed.append(route.method)
                continue
            request[_ROUTE_KEY] = route.template
            if (record := request.get(_RECORD_KEY)) is not None:
                record.route = route.template
            if route.auth and (refusal := self.check_auth(request)) is not None:
                return refusal
            try:
                call = Call(
                    request=request,
                    params=match.groupdict(),
                    query=Query(request.query, case_insensitive=self.case_insensitive_query),
                    body=await self._json_body(request),
                )
                self._check_request_body(request.method, route.template, call.body)
                return await route.handler(call)
            except FakeHttpError as err:
                if err.body is not None:
                    return json_response(err.body, err.status)
                return self.error_response(err.status, err.message)
            except Exception as err:  # a crash of the fake must fail the test, not hang it
                self.spec_violations.append(
                    f"{self.name}: the fake crashed on {request.method} {relative}: {err!r}"
                )
                return json_response(self.error_body(500, repr(err)), 500)
        if allowed:
            return web.Response(status=405, headers={"Allow": ", ".join(sorted(set(allowed)))})
        return web.Response(status=404, text="Not Found")

    def _check_request_body(self, method: str, template: str, body: Json) -> None:
        """Refuse, with 400 as model binding does, a body the spec's schema rejects."""
        if self._spec is None or body is None:
            return
        spec_template = template.removeprefix(self.spec_path_prefix)
        problems = self._spec.check_request(method, spec_template, body)
        if problems:
            self.client_errors.extend(f"{self.name}: {problem}" for problem in problems)
            raise FakeHttpError(400, "; ".join(problems))

    @staticmethod
    async def _json_body(request: web.Request) -> Json:
        """The decoded JSON body, ``None`` when empty; malformed JSON is a 400."""
        raw = await request.read()
        if not raw:
            return None
        try:
            return json.loads(raw)
        except ValueError:
            raise FakeHttpError(400, "Request body is not valid JSON") from None


def deep_copy[T](value: T) -> T:
    """A deep copy, so a scenario dict given to ``load()`` is never mutated by the fake."""
    return copy.deepcopy(value)


def drop_nulls(value: Json, *, keep_in: frozenset[str] = frozenset()) -> Json:
    """Remove ``None`` properties recursively, as .NET's WhenWritingNull serialisers do.

    Dictionaries named in ``keep_in`` are data maps (Sonarr's history ``data``) whose null
    entries are written, so they are left alone.
    """
    if isinstance(value, dict):
        return {
            key: (item if key in keep_in else drop_nulls(item, keep_in=keep_in))
            for key, item in value.items()
            if item is not None
        }
    if isinstance(value, list):
        return [drop_nulls(item, keep_in=keep_in) for item in value]
    return value
