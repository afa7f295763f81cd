"""Run a real qbittorrent-nox 5.x for the tests, and make the torrents they add.

Nothing here is mocked: a fresh profile is written before the first start, the process is
started and stopped by its own PID, and torrents are bencoded here (no mktorrent needed).

Which qbittorrent-nox runs, in this order:
1. ``ST_QBITTORRENT_NOX``: a path to a qbittorrent-nox binary;
2. ``qbittorrent-nox`` on PATH when ``--version`` says v5.x (the normal case: the tests run
   inside the project's Debian root, where it is installed);
3. ``scripts/lib/in-root qbittorrent-nox`` (a host without qBittorrent 5 but with the root
   built by ``scripts/setup``); the wrapper execs, so the PID is qbittorrent-nox's own.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
import hashlib
import os
from pathlib import Path
import random
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request

REPO = Path(__file__).resolve().parent.parent
IN_ROOT = REPO / "scripts" / "lib" / "in-root"
ENV_BINARY = "ST_QBITTORRENT_NOX"
LOOPBACK = "127.0.0.1"  # the literal IP: the test plugin only allows sockets to 127.0.0.1
READY_TIMEOUT = 15.0
STOP_GRACE = 5.0


class QbittorrentUnavailable(RuntimeError):
    """No qbittorrent-nox 5.x can be started here; the message says what was tried."""


# ---------------------------------------------------------------------- bencode and torrents

type Bencodable = int | str | bytes | Sequence[Bencodable] | Mapping[str, Bencodable]


def bencode(value: Bencodable) -> bytes:
    """Encode a value as BitTorrent's bencode (dictionary keys sorted as raw bytes)."""
    if isinstance(value, bool):
        raise TypeError("bencode has no booleans")
    if isinstance(value, int):
        return b"i%de" % value
    if isinstance(value, str):
        value = value.encode()
    if isinstance(value, bytes):
        return b"%d:%b" % (len(value), value)
    if isinstance(value, Mapping):
        items = sorted((key.encode(), item) for key, item in value.items())
        return b"d" + b"".join(bencode(key) + bencode(item) for key, item in items) + b"e"
    return b"l" + b"".join(bencode(item) for item in value) + b"e"


@dataclass(frozen=True)
class TorrentData:
    """A .torrent made for a file or directory, and where its content lies."""

    torrent: bytes
    info_hash: str
    """v1 info-hash (SHA-1 of the bencoded info dict), lower-case as qBittorrent writes it."""
    name: str
    save_path: Path
    """The directory holding the content (qBittorrent's ``savepath`` to seed it in place)."""
    files: list[str]
    """File paths as ``torrents/files`` names them: relative to save_path, '/'-separated."""
    sizes: list[int]

    @property
    def content_path(self) -> Path:
        """The torrent's file, or its top directory for a multi-file torrent."""
        return self.save_path / self.name

    @property
    def total_size(self) -> int:
        """Sum of all file sizes."""
        return sum(self.sizes)


def make_torrent(content: Path, piece_length: int = 16 * 1024) -> TorrentData:
    """Make a trackerless v1 torrent of a file or of a directory (its files sorted by path)."""
    if piece_length < 16 * 1024 or piece_length & (piece_length - 1):
        raise ValueError("piece length must be a power of two of at least 16 KiB")
    if content.is_dir():
        paths = sorted(path for path in content.rglob("*") if path.is_file())
        if not paths:
            raise ValueError(f"{content} has no files")
    else:
        paths = [content]
    pieces = bytearray()
    buffer = bytearray()
    sizes: list[int] = []
    for path in paths:
        data = path.read_bytes()
        sizes.append(len(data))
        buffer += data
        while len(buffer) >= piece_length:
            pieces += hashlib.sha1(buffer[:piece_length], usedforsecurity=False).digest()
            del buffer[:piece_length]
    if buffer:
        pieces += hashlib.sha1(buffer, usedforsecurity=False).digest()
    info: dict[str, Bencodable] = {
        "name": content.name,
        "piece length": piece_length,
        "pieces": bytes(pieces),
    }
    if content.is_dir():
        info["files"] = [
            {"length": size, "path": list(path.relative_to(content).parts)}
            for path, size in zip(paths, sizes, strict=True)
        ]
        files = [f"{content.name}/{path.relative_to(content).as_posix()}" for path in paths]
    else:
        info["length"] = sizes[0]
        files = [content.name]
    torrent = bencode({"created by": "status-tracker tests", "info": info})
    return TorrentData(
        torrent=torrent,
        info_hash=hashlib.sha1(bencode(info), usedforsecurity=False).hexdigest(),
        name=content.name,
        save_path=content.parent,
        files=files,
        sizes=sizes,
    )


def make_season_pack(
    parent: Path,
    *,
    show: str = "Show",
    season: int = 1,
    episodes: int = 12,
    file_size: int = 40 * 1024,
    piece_length: int = 16 * 1024,
    seed: int | None = None,
) -> TorrentData:
    """Write a season pack of random files under parent and make its torrent.

    Names follow a typical release: ``Show.S01.1080p.WEB-DL/Show.S01E01.1080p.WEB-DL.mkv``.
    Sizes vary a little so that file and piece boundaries do not line up.
    """
    rng = random.Random(seed)
    root = parent / f"{show}.S{season:02d}.1080p.WEB-DL"
    root.mkdir(parents=True, exist_ok=True)
    for episode in range(1, episodes + 1):
        size = file_size + rng.randrange(0, 4096)
        name = f"{show}.S{season:02d}E{episode:02d}.1080p.WEB-DL.mkv"
        (root / name).write_bytes(rng.randbytes(size))
    return make_torrent(root, piece_length)


def make_single_file(
    parent: Path,
    name: str = "Movie.2024.1080p.WEB-DL.mkv",
    *,
    size: int = 100 * 1024,
    piece_length: int = 16 * 1024,
    seed: int | None = None,
) -> TorrentData:
    """Write one random file under parent and make its single-file torrent."""
    parent.mkdir(parents=True, exist_ok=True)
    path = parent / name
    path.write_bytes(random.Random(seed).randbytes(size))
    return make_torrent(path, piece_length)


# ---------------------------------------------------------------------- configuration


def password_hash(password: str) -> str:
    """Return the ``WebUI\\Password_PBKDF2`` value qBittorrent 4.2+ stores for a password."""
    salt = os.urandom(16)
    key = hashlib.pbkdf2_hmac("sha512", password.encode(), salt, 100_000, dklen=64)
    return f"@ByteArray({base64.b64encode(salt).decode()}:{base64.b64encode(key).decode()})"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago (bind port 0, read it, close)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOOPBACK, 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class QbtConfig:
    """What the tests choose in ``qBittorrent.conf``; the rest keeps the process on loopback."""

    username: str = "admin"
    password: str = "adminadmin-test"
    webui_port: int = field(default_factory=free_port)
    listen_port: int = field(default_factory=free_port)
    save_path: Path | None = None
    max_auth_fail_count: int = 0
    """0 disables the IP ban, so a test of a wrong password never locks the others out."""
    ban_duration: int = 3600
    download_limit_kib: int = 0


def write_config(profile: Path, config: QbtConfig) -> Path:
    """Write ``<profile>/qBittorrent/config/qBittorrent.conf`` before the first start."""
    if config.save_path is None:
        raise ValueError("save_path is required")
    conf_dir = profile / "qBittorrent" / "config"
    conf_dir.mkdir(parents=True, exist_ok=True)
    lines = [
        "[LegalNotice]",
        "Accepted=true",
        "",
        "[BitTorrent]",
        f"Session\\Port={config.listen_port}",
        # Bound to loopback only: the tests must never talk to anything off this machine.
        "Session\\Interface=lo",
        "Session\\InterfaceName=lo",
        f"Session\\InterfaceAddress={LOOPBACK}",
        "Session\\DHTEnabled=false",
        "Session\\PeXEnabled=false",
        "Session\\LSDEnabled=false",
        "Session\\Encryption=0",
        "Session\\BTProtocol=TCP",
        # Otherwise loopback counts as LAN and a download limit would not apply.
        "Session\\IgnoreLimitsOnLAN=false",
        f"Session\\GlobalDLSpeedLimit={config.download_limit_kib}",
        f"Session\\DefaultSavePath={config.save_path}",
        "Session\\TempPathEnabled=false",
        "Session\\QueueingSystemEnabled=false",
        "",
        "[Network]",
        "PortForwardingEnabled=false",
        "",
        "[Preferences]",
        "WebUI\\Enabled=true",
        f"WebUI\\Address={LOOPBACK}",
        f"WebUI\\Port={config.webui_port}",
        "WebUI\\UPnP=false",
        f"WebUI\\Username={config.username}",
        f'WebUI\\Password_PBKDF2="{password_hash(config.password)}"',
        # Key names from qBittorrent's src/base/preferences.cpp ("Preferences/WebUI/...").
        f"WebUI\\MaxAuthenticationFailCount={config.max_auth_fail_count}",
        f"WebUI\\BanDuration={config.ban_duration}",
        "",
    ]
    path = conf_dir / "qBittorrent.conf"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


# ---------------------------------------------------------------------- finding the binary


@dataclass(frozen=True)
class Launcher:
    """How to start qbittorrent-nox: argv prefix, and whether it runs through in-root."""

    argv: tuple[str, ...]
    in_root: bool
    version: str

    def command(self, profile: Path) -> list[str]:
        """The full command line for one profile."""
        return [*self.argv, f"--profile={profile}"]

    def env(self, bind_dir: Path) -> dict[str, str]:
        """The environment; in-root must bind-mount the directory holding profile and data."""
        env = dict(os.environ)
        if self.in_root:
            env["ST_ROOT_BINDS"] = str(bind_dir)
        return env


def _version_of(argv: Sequence[str]) -> str | None:
    """Return what ``--version`` prints ("qBittorrent v5.3.0"), or None if it cannot run."""
    try:
        result = subprocess.run(
            [*argv, "--version"],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    except OSError, subprocess.TimeoutExpired:
        return None
    output = result.stdout.strip()
    return output if result.returncode == 0 and output else None


def _is_v5(version: str | None) -> bool:
    """Whether a ``--version`` line names qBittorrent 5.x."""
    return version is not None and " v5." in f" {version}"


def find_launcher() -> Launcher:
    """Find a qbittorrent-nox 5.x (see the module docstring), or raise QbittorrentUnavailable."""
    tried: list[str] = []
    explicit = os.environ.get(ENV_BINARY)
    if explicit:
        version = _version_of([explicit])
        if version is None:
            raise QbittorrentUnavailable(f"{ENV_BINARY}={explicit} does not run")
        return Launcher((explicit,), in_root=False, version=version)
    on_path = shutil.which("qbittorrent-nox")
    if on_path:
        version = _version_of([on_path])
        if _is_v5(version):
            assert version is not None
            return Launcher((on_path,), in_root=False, version=version)
        tried.append(f"{on_path} is {version or 'not runnable'}, not 5.x")
    else:
        tried.append("no qbittorrent-nox on PATH")
    if os.access(IN_ROOT, os.X_OK):
        argv = (str(IN_ROOT), "qbittorrent-nox")
        version = _version_of(argv)
        if _is_v5(version):
            assert version is not None
            return Launcher(argv, in_root=True, version=version)
        tried.append(f"{IN_ROOT} qbittorrent-nox gave {version or 'no version'}")
    else:
        tried.append(f"{IN_ROOT} is missing")
    raise QbittorrentUnavailable(
        "qbittorrent-nox 5.x is needed for these tests (run scripts/setup, install it, or set "
        f"{ENV_BINARY}); tried: " + "; ".join(tried)
    )


# ---------------------------------------------------------------------- one running instance


@dataclass
class QbtInstance:
    """A qbittorrent-nox this test run started, with its own profile, ports and data dir."""

    name: str
    directory: Path
    config: QbtConfig
    launcher: Launcher
    bind_dir: Path
    process: subprocess.Popen[bytes] | None = None

    @property
    def profile(self) -> Path:
        """The ``--profile`` directory."""
        return self.directory / "profile"

    @property
    def save_path(self) -> Path:
        """The default save path (``Session\\DefaultSavePath``)."""
        assert self.config.save_path is not None
        return self.config.save_path

    @property
    def url(self) -> str:
        """Base URL of the WebUI."""
        return f"http://{LOOPBACK}:{self.config.webui_port}"

    @property
    def username(self) -> str:
        """WebUI user."""
        return self.config.username

    @property
    def password(self) -> str:
        """WebUI password."""
        return self.config.password

    @property
    def webui_port(self) -> int:
        """WebUI port (the session cookie is named after it on 5.2+)."""
        return self.config.webui_port

    @property
    def listen_port(self) -> int:
        """BitTorrent listen port, for ``torrents/addPeers`` from another instance."""
        return self.config.listen_port

    @property
    def pid(self) -> int:
        """PID of the running qbittorrent-nox."""
        assert self.process is not None
        return self.process.pid

    @property
    def stdout_log(self) -> Path:
        """Where the process's stdout and stderr go."""
        return self.directory / "stdout.log"

    @property
    def app_log(self) -> Path:
        """qBittorrent's own log file inside the profile."""
        return self.profile / "qBittorrent" / "data" / "logs" / "qbittorrent.log"

    def logs(self) -> str:
        """Both logs, for error messages."""
        parts = []
        for path in (self.stdout_log, self.app_log):
            text = path.read_text(errors="replace") if path.exists() else "(none)"
            parts.append(f"--- {path}\n{text[-4000:]}")
        return "\n".join(parts)

    def start(self, timeout: float = READY_TIMEOUT) -> None:
        """Write the config, start the process and wait until the WebUI answers."""
        if self.config.save_path is None:
            self.config.save_path = self.directory / "downloads"
        self.save_path.mkdir(parents=True, exist_ok=True)
        write_config(self.profile, self.config)
        with self.stdout_log.open("wb") as log:
            self.process = subprocess.Popen(
                self.launcher.command(self.profile),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=self.launcher.env(self.bind_dir),
                # Its own process group, so a Ctrl-C of pytest does not reach it half-way.
                start_new_session=True,
            )
        try:
            self.wait_ready(timeout)
        except BaseException:
            self.stop()
            raise

    def wait_ready(self, timeout: float) -> None:
        """Poll ``app/version`` until any HTTP answer (403 before login is an answer)."""
        assert self.process is not None
        deadline = time.monotonic() + timeout
        url = f"{self.url}/api/v2/app/version"
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"qbittorrent-nox {self.name} exited with {self.process.returncode} "
                    f"before its WebUI answered\n{self.logs()}"
                )
            try:
                with urllib.request.urlopen(url, timeout=1):  # noqa: S310 - fixed http URL
                    return
            except urllib.error.HTTPError:
                return
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"qbittorrent-nox {self.name} did not answer on {url} within "
                    f"{timeout:.0f} s\n{self.logs()}"
                )
            time.sleep(0.05)

    def stop(self, grace: float = STOP_GRACE) -> None:
        """SIGTERM the process we started, SIGKILL it if it has not exited after ``grace``."""
        process = self.process
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(grace)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(grace)


def start_instance(
    launcher: Launcher,
    directory: Path,
    *,
    bind_dir: Path,
    name: str | None = None,
    config: QbtConfig | None = None,
) -> QbtInstance:
    """Start one qbittorrent-nox with a fresh profile under directory.

    bind_dir must contain directory and every save path used (in-root mounts only it).
    """
    directory.mkdir(parents=True, exist_ok=True)
    instance = QbtInstance(
        name=name or directory.name,
        directory=directory,
        config=config or QbtConfig(),
        launcher=launcher,
        bind_dir=bind_dir,
    )
    instance.start()
    return instance
