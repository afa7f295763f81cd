"""A real Home Assistant over the simulated stack: what ``scripts/demo`` and the browser tests run.

Everything here is driven from outside, as a person's browser would: Home Assistant runs as its
own process (the venv ``scripts/lib/hass.sh`` provisions, ``hass --skip-pip``: offline, nothing
installed at start), is onboarded over REST, gets the integration through its real config flow
over REST and a dashboard over its websocket. Processes are started in their own session and
stopped by their PID, never by name.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass, field
import json
import os
from pathlib import Path
import shutil
import signal
import subprocess
import sys
import time
from typing import Any, Final

import aiohttp

REPO: Final = Path(__file__).resolve().parents[3]
INTEGRATION: Final = REPO / "custom_components" / "status_tracker"
LOOPBACK: Final = "127.0.0.1"
DEMO_USER: Final = {"name": "Demo", "username": "demo", "password": "demo-status-tracker"}
STACK_READY_TIMEOUT: Final = 180.0
HASS_READY_TIMEOUT: Final = 120.0
STOP_GRACE: Final = 10.0
DOMAIN: Final = "status_tracker"
DASHBOARD: Final = "status-tracker"
"""The demo dashboard's URL path (``/status-tracker/requests``)."""

# Only what the demo shows: no default_config, whose integrations (cloud, zeroconf, the
# updater…) would fail offline on the integrations page. internal_url: the webhook URL handed
# to Sonarr must be one it can reach (without it Home Assistant may say 0.0.0.0).
CONFIGURATION: Final = """\
homeassistant:
  name: Status Tracker demo
  internal_url: http://127.0.0.1:{port}
  unit_system: metric
  time_zone: UTC
  country: US
frontend:
config:
api:
history:
logbook:
webhook:
logger:
  default: warning
"""


class DemoError(RuntimeError):
    """Something the demo starts did not come up; the message says what and where its log is."""


@dataclass
class Child:
    """A process started here, in its own session (Ctrl-C reaches only the demo itself)."""

    name: str
    process: subprocess.Popen[bytes]
    log: Path

    @classmethod
    def start(cls, name: str, argv: list[str], log: Path, env: Mapping[str, str]) -> Child:
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("wb") as out:
            process = subprocess.Popen(
                argv,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                env=dict(env),
                cwd=REPO,
                start_new_session=True,
            )
        return cls(name, process, log)

    @property
    def pid(self) -> int:
        return self.process.pid

    def alive(self) -> bool:
        return self.process.poll() is None

    def tail(self, lines: int = 30) -> str:
        try:
            text = self.log.read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def stop(self, grace: float = STOP_GRACE) -> None:
        """SIGTERM by PID, then SIGKILL after ``grace`` seconds."""
        if not self.alive():
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(grace)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@dataclass
class Tokens:
    """A login's tokens, as the frontend keeps them (``localStorage.hassTokens``)."""

    access_token: str
    refresh_token: str
    expires_in: int
    client_id: str

    def frontend_storage(self, base: str) -> dict[str, Any]:
        """The ``hassTokens`` object Home Assistant's frontend reads at start."""
        return {
            "access_token": self.access_token,
            "refresh_token": self.refresh_token,
            "expires_in": self.expires_in,
            "token_type": "Bearer",
            "hassUrl": base,
            "clientId": self.client_id,
            "expires": int(time.time() * 1000) + self.expires_in * 1000,
        }


def write_config(config_dir: Path, port: int) -> None:
    """A fresh configuration: minimal YAML, HTTP bound to 127.0.0.1, the checkout's integration.

    ``.storage/http`` is written instead of ``http: server_host`` in YAML: 2026.10 migrates that
    key to storage as "pending", falls back to every interface after 5 minutes and exits.
    """
    if config_dir.exists():
        shutil.rmtree(config_dir)
    (config_dir / ".storage").mkdir(parents=True)
    (config_dir / "configuration.yaml").write_text(CONFIGURATION.format(port=port))
    http = {
        "version": 2,
        "minor_version": 2,
        "key": "http",
        "data": {
            "stable": {
                "server_host": [LOOPBACK],
                "server_port": port,
                "login_attempts_threshold": -1,
                "ip_ban_enabled": True,
                "ssl_profile": "modern",
                "use_x_frame_options": True,
                "cors_allowed_origins": [],
                "created_at": "2026-01-01T00:00:00+00:00",
                "error": None,
                "error_message": None,
            },
            "pending": None,
            "yaml_migration_done": True,
        },
    }
    (config_dir / ".storage" / "http").write_text(json.dumps(http))
    # A symlink: the integration is loaded from the checkout, so an edit shows at the next start.
    (config_dir / "custom_components").mkdir()
    (config_dir / "custom_components" / "status_tracker").symlink_to(INTEGRATION)


def start_stack(
    workdir: Path, scenario: str, env: Mapping[str, str], module: str = "tests.support.stack"
) -> tuple[Child, Path]:
    """The simulated stack's CLI (``tests.support.stack``); its ready file is read later."""
    if workdir.exists():
        shutil.rmtree(workdir)
    workdir.mkdir(parents=True)
    ready = workdir / "ready.json"
    argv = [sys.executable, "-m", module, "--scenario", scenario]
    argv += ["--workdir", str(workdir / "stack"), "--ready-file", str(ready)]
    return Child.start("stack", argv, workdir / "stack.log", env), ready


async def wait_ready_file(child: Child, ready: Path, within: float = STACK_READY_TIMEOUT) -> Any:
    """The stack's ready file (written atomically), once it exists."""
    deadline = time.monotonic() + within
    while not await asyncio.to_thread(ready.exists):
        if not child.alive():
            raise DemoError(f"the stack exited ({child.log}):\n{child.tail()}")
        if time.monotonic() > deadline:
            raise DemoError(f"the stack was not ready in {within:.0f} s ({child.log})")
        await asyncio.sleep(0.1)
    return json.loads(await asyncio.to_thread(ready.read_text))


def start_hass(hass_venv: Path, config_dir: Path, log: Path, env: Mapping[str, str]) -> Child:
    """``hass --skip-pip``: every requirement is in the venv already, and none is fetched."""
    argv = [str(hass_venv / "bin" / "hass"), "-c", str(config_dir), "--skip-pip"]
    return Child.start("home-assistant", argv, log, env)


@dataclass
class Hass:
    """A running Home Assistant seen from outside: REST with a token, and its websocket."""

    base: str
    session: aiohttp.ClientSession
    token: str = ""
    _ws: aiohttp.ClientWebSocketResponse | None = None
    _next_id: int = 1
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    @property
    def client_id(self) -> str:
        return self.base + "/"

    async def wait_api(self, child: Child, within: float = HASS_READY_TIMEOUT) -> None:
        """Until the HTTP server answers: onboarding's first endpoint, which needs no login,
        or, once onboarded (it is gone then), the API with the token."""
        deadline = time.monotonic() + within
        path, headers = "/api/onboarding", {}
        if self.token:
            path, headers = "/api/", {"Authorization": f"Bearer {self.token}"}
        while True:
            if not child.alive():
                raise DemoError(f"Home Assistant exited ({child.log}):\n{child.tail()}")
            try:
                async with self.session.get(self.base + path, headers=headers) as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            if time.monotonic() > deadline:
                raise DemoError(f"Home Assistant did not answer in {within:.0f} s ({child.log})")
            await asyncio.sleep(0.2)

    async def wait_running(self, within: float = HASS_READY_TIMEOUT) -> None:
        """Until Home Assistant says RUNNING (every integration of its start set up)."""
        deadline = time.monotonic() + within
        while True:
            config = await self.rest("get", "/api/config")
            if config.get("state") == "RUNNING":
                return
            if time.monotonic() > deadline:
                raise DemoError(f"Home Assistant was not RUNNING in {within:.0f} s")
            await asyncio.sleep(0.2)

    async def _token(self, form: dict[str, str]) -> Tokens:
        async with self.session.post(f"{self.base}/auth/token", data=form) as response:
            response.raise_for_status()
            body = await response.json()
        return Tokens(
            body["access_token"], body["refresh_token"], int(body["expires_in"]), self.client_id
        )

    async def onboard(self, user: Mapping[str, str] = DEMO_USER) -> Tokens:
        """Onboarding over REST, as its pages do: the owner, the location, analytics, done."""
        async with self.session.post(
            f"{self.base}/api/onboarding/users",
            json={"client_id": self.client_id, "language": "en", **user},
        ) as response:
            response.raise_for_status()
            code = (await response.json())["auth_code"]
        tokens = await self._token(
            {"grant_type": "authorization_code", "code": code, "client_id": self.client_id}
        )
        self.token = tokens.access_token
        await self.rest("post", "/api/onboarding/core_config", {})
        await self.rest("post", "/api/onboarding/analytics", {})
        await self.rest(
            "post",
            "/api/onboarding/integration",
            {"client_id": self.client_id, "redirect_uri": f"{self.client_id}?auth_callback=1"},
        )
        # The demo's own calls outlive an access token's 30 minutes.
        self.token = await self.ws("auth/long_lived_access_token", client_name="demo", lifespan=30)
        return tokens

    async def login(self, username: str, password: str) -> Tokens:
        """The login page's flow, for a browser of that user."""
        flow = await self.rest(
            "post",
            "/auth/login_flow",
            {
                "client_id": self.client_id,
                "handler": ["homeassistant", None],
                "redirect_uri": f"{self.client_id}?auth_callback=1",
            },
            auth=False,
        )
        done = await self.rest(
            "post",
            f"/auth/login_flow/{flow['flow_id']}",
            {"client_id": self.client_id, "username": username, "password": password},
            auth=False,
        )
        if done.get("type") != "create_entry":
            raise DemoError(f"login of {username} refused: {done}")
        return await self._token(
            {
                "grant_type": "authorization_code",
                "code": done["result"],
                "client_id": self.client_id,
            }
        )

    async def rest(self, method: str, path: str, body: Any = None, *, auth: bool = True) -> Any:
        headers = {"Authorization": f"Bearer {self.token}"} if auth else {}
        async with self.session.request(
            method, self.base + path, json=body, headers=headers
        ) as response:
            if response.status >= 400:
                raise DemoError(
                    f"{method.upper()} {path}: {response.status} {await response.text()}"
                )
            return await response.json()

    async def ws(self, command: str, **data: Any) -> Any:
        """One websocket command's result (one connection, opened on first use)."""
        async with self._lock:
            if self._ws is None or self._ws.closed:
                self._ws = await self.session.ws_connect(
                    f"{self.base}/api/websocket", max_msg_size=0
                )
                await self._ws.receive_json()  # auth_required
                await self._ws.send_json({"type": "auth", "access_token": self.token})
                auth = await self._ws.receive_json()
                if auth.get("type") != "auth_ok":
                    raise DemoError(f"websocket auth refused: {auth}")
            message_id = self._next_id
            self._next_id += 1
            await self._ws.send_json({"id": message_id, "type": command, **data})
            while True:
                message = await self._ws.receive_json()
                if message.get("id") == message_id and message.get("type") == "result":
                    break
        if not message.get("success"):
            raise DemoError(f"{command}: {message.get('error')}")
        return message.get("result")

    async def subscribe_once(self, command: str, **data: Any) -> Any:
        """The first event of a subscription (the whole picture), on a connection of its own."""
        async with self.session.ws_connect(f"{self.base}/api/websocket", max_msg_size=0) as ws:
            await ws.receive_json()
            await ws.send_json({"type": "auth", "access_token": self.token})
            await ws.receive_json()
            await ws.send_json({"id": 1, "type": command, **data})
            while True:
                message = await ws.receive_json()
                if message.get("type") == "result" and not message.get("success"):
                    raise DemoError(f"{command}: {message.get('error')}")
                if message.get("type") == "event":
                    return message["event"]

    async def close(self) -> None:
        if self._ws is not None:
            await self._ws.close()

    async def add_integration(self, stack: Mapping[str, Any]) -> str:
        """The integration's real config flow, step by step, with the stack's addresses."""
        flow = await self.rest("post", "/api/config/config_entries/flow", {"handler": DOMAIN})

        async def step(fields: Mapping[str, Any]) -> Any:
            result = await self.rest(
                "post", f"/api/config/config_entries/flow/{flow['flow_id']}", dict(fields)
            )
            if result.get("errors"):
                raise DemoError(f"config flow step {result.get('step_id')}: {result['errors']}")
            return result

        def service(name: str) -> dict[str, Any]:
            return {key: stack[name][key] for key in stack[name] if key != "pids"}

        await step(service("sonarr"))  # → qbittorrent
        await step(service("qbittorrent"))  # → jellyfin
        await step(service("jellyfin"))  # → the extras menu
        for optional in ("jellyseerr", "shoko"):
            if optional in stack:
                await step({"next_step_id": optional})
                await step(service(optional))
        result = await step({"next_step_id": "finish"})
        if result.get("type") != "create_entry":
            raise DemoError(f"config flow did not finish: {result}")
        return str(result["result"]["entry_id"])

    async def wait_requests(self, within: float = 60.0) -> list[dict[str, Any]]:
        """Every request's row, once the integration has found at least one."""
        deadline = time.monotonic() + within
        while True:
            event = await self.subscribe_once("status_tracker/requests/subscribe")
            rows: list[dict[str, Any]] = event.get("full", [])
            if rows or time.monotonic() > deadline:
                return rows
            await asyncio.sleep(1)

    async def put_dashboard(self, entry_id: str, rows: list[dict[str, Any]]) -> None:
        """The default dashboard: every request, one card per request, and entity cards."""
        entities = await self.ws("config/entity_registry/list")
        mine = [e for e in entities if e.get("config_entry_id") == entry_id]
        by_key: dict[str, list[str]] = {}
        for entity in mine:
            by_key.setdefault(entity.get("translation_key") or "", []).append(entity["entity_id"])
        summary = [
            eid
            for key in (
                "episodes_downloading",
                "episodes_importing",
                "episodes_attention",
                "requests_in_progress",
                "last_deletion",
            )
            for eid in by_key.get(key, [])
        ]
        tiles = [
            {"type": "tile", "entity": eid, "features_position": "bottom"}
            for key in ("request_downloaded", "request_eta")
            for eid in sorted(by_key.get(key, []))
        ]
        cards: list[dict[str, Any]] = [
            {"type": "custom:status-tracker-card", "title": "All requests"},
            *(
                {"type": "custom:status-tracker-card", "series_id": row["series_id"]}
                for row in rows
            ),
            {"type": "entities", "title": "Stack", "entities": summary},
            {"type": "grid", "columns": 2, "square": False, "cards": tiles},
            {
                "type": "logbook",
                "title": "Activity",
                "hours_to_show": 2,
                "target": {"entity_id": sorted(by_key.get("request_status", []))},
            },
        ]
        view = {"title": "Requests", "path": "requests", "cards": cards}
        await self.ws(
            "lovelace/dashboards/create",
            url_path=DASHBOARD,
            title="Status Tracker",
            icon="mdi:television-play",
            show_in_sidebar=True,
            require_admin=False,
            mode="storage",
        )
        await self.ws("lovelace/config/save", url_path=DASHBOARD, config={"views": [view]})
        # Everyone lands on it (2026.10 opens its generated "Overview" otherwise).
        core = await self.ws("frontend/get_system_data", key="core")
        value = {**(core.get("value") or {}), "default_panel": DASHBOARD}
        await self.ws("frontend/set_system_data", key="core", value=value)

    async def create_user(self, name: str, username: str, password: str, *, admin: bool) -> str:
        """A user with a password login, in the admin or the plain users' group."""
        group = "system-admin" if admin else "system-users"
        user = await self.ws("config/auth/create", name=name, group_ids=[group], local_only=False)
        user_id = str(user["user"]["id"])
        await self.ws(
            "config/auth_provider/homeassistant/create",
            user_id=user_id,
            username=username,
            password=password,
        )
        return user_id


def demo_env() -> dict[str, str]:
    """The children's environment: this one, with the checkout importable (the stack's CLI)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    return env
