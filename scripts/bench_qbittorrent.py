"""Bench section "qbittorrent": what polling costs a real qBittorrent per hour, side by side.

The library: two qbittorrent-nox on 127.0.0.1, a seeder and a leecher (the one polled). The
leecher holds 2,000 torrents: 1,900 complete and seeding (sparse files, added in seed mode) and
100 downloading from the seeder (20 season packs of 24 files, 80 single episodes) under a global
download limit that makes progress on every poll (checked: a poll without new pieces fails the
section). Trackerless, no DHT, so nothing else talks to them.

Three ways of polling, one after the other, each with its own login session and through its own
byte-counting loopback proxy:

* ``ours``: this integration's qBittorrent reader (``shell/sources/qbittorrent.py``, the code the
  source runs) every 5 s, the 20 packs' file lists wanted;
* ``before``: what the reader did before: the maindata delta plus every wanted unfinished pack's
  whole file list, every 5 s;
* ``core``: Home Assistant core's qBittorrent integration: the full ``sync/maindata`` (rid 0)
  every 30 s (its other call, ``transfer/speedLimitsMode``, is left out).

Measured per request: the bytes through the proxy (HTTP headers and bodies, both ways) and
qBittorrent's CPU time, from the run time of all its threads (``/proc/<pid>/task/*/schedstat``,
the nanosecond-precise form of ``/proc/<pid>/stat`` utime+stime) read just before and after the
request. qBittorrent's own work meanwhile (downloading) is reported apart as background. Per
hour: ``ours`` and ``before`` from their windows of 5 s polls, ``core`` as 120 times its mean
full update. The first poll of each way (login, the first full answers) is left out of all of
them: it happens once per session, not every hour. Takes three to four minutes.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
import hashlib
import json
import os
from pathlib import Path
import statistics
import tempfile
import time
from typing import Any, Final

import aiohttp
from homeassistant.helpers.aiohttp_client import SERVER_SOFTWARE

from custom_components.status_tracker.clients.http import Expect, Query
from custom_components.status_tracker.clients.qbittorrent import QBittorrentClient
from custom_components.status_tracker.shell.sources.qbittorrent import (
    ACTIVE_INTERVAL,
    QbittorrentReader,
)
from tests.support.qbittorrent_driver import QbtDriver
from tests.support.qbittorrent_nox import (
    LOOPBACK,
    Bencodable,
    QbtConfig,
    QbtInstance,
    bencode,
    find_launcher,
    start_instance,
)

OLD_TORRENTS: Final = 1_900
PACKS: Final = 20
PACK_FILES: Final = 24
SINGLES: Final = 80
ACTIVE_FILE_SIZE: Final = 100 * 1024  # per pack file; a single is a pack's worth
PIECE: Final = 16 * 1024
OLD_PIECE: Final = 4 * 1024 * 1024  # what a GB-sized episode is usually cut in
DOWNLOAD_LIMIT_KIB: Final = 128  # 8 pieces a second over the 100 downloads: ~40 a poll

POLL_S: Final = ACTIVE_INTERVAL.total_seconds()
CORE_INTERVAL_S: Final = 30.0
OURS_POLLS: Final = 18
BEFORE_POLLS: Final = 9
CORE_REQUESTS: Final = 4
GOAL: Final = 0.10
SETTLE_TIMEOUT_S: Final = 120.0
REQUESTS_UA: Final = "python-requests/2.32.5"  # what core's qbittorrent-api sends


# ---------------------------------------------------------------------- measuring


def _cpu_ns(pid: int) -> int:
    """Run time of every thread of ``pid`` so far, in nanoseconds."""
    total = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            total += int((task / "schedstat").read_text().split()[0])
        except OSError, ValueError:
            continue  # a thread that just ended
    return total


def _stat_cpu_s(pid: int) -> float:
    """utime + stime of ``pid`` (``/proc/<pid>/stat``), in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class CountingProxy:
    """A loopback TCP proxy in front of qBittorrent counting the bytes each way."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.sent = 0  # client → qBittorrent
        self.received = 0  # qBittorrent → client
        self._server: asyncio.Server | None = None
        self._pipes: set[asyncio.Task[None]] = set()

    async def start(self) -> str:
        """Listen on a free loopback port; return the URL to use instead of qBittorrent's."""
        self._server = await asyncio.start_server(self._accept, LOOPBACK, 0)
        port = self._server.sockets[0].getsockname()[1]
        return f"http://{LOOPBACK}:{port}"

    async def close(self) -> None:
        """Stop listening and drop the open connections."""
        if self._server is not None:
            self._server.close()
        for pipe in self._pipes:
            pipe.cancel()
        await asyncio.gather(*self._pipes, return_exceptions=True)

    @property
    def total(self) -> int:
        """Bytes both ways so far."""
        return self.sent + self.received

    async def _accept(self, client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
        server_r, server_w = await asyncio.open_connection(LOOPBACK, self.target_port)
        for source, sink, up in ((client_r, server_w, True), (server_r, client_w, False)):
            task = asyncio.create_task(self._pipe(source, sink, up=up))
            self._pipes.add(task)
            task.add_done_callback(self._pipes.discard)

    async def _pipe(
        self, source: asyncio.StreamReader, sink: asyncio.StreamWriter, *, up: bool
    ) -> None:
        try:
            while data := await source.read(65536):
                if up:
                    self.sent += len(data)
                else:
                    self.received += len(data)
                sink.write(data)
                await sink.drain()
        except ConnectionError:
            pass
        finally:
            sink.close()


@dataclass
class Call:
    """One request: its endpoint, bytes both ways and qBittorrent's CPU time."""

    endpoint: str
    bytes: int
    cpu_ns: int


@dataclass
class Meter:
    """Requests of one way of polling, recorded by ``MeteredClient``."""

    pid: int
    proxy: CountingProxy
    calls: list[Call] = field(default_factory=list)
    recording: bool = False

    def take(self) -> list[Call]:
        """The calls recorded since the last take."""
        calls, self.calls = self.calls, []
        return calls


class MeteredClient(QBittorrentClient):
    """The integration's client, each request measured (one request at a time)."""

    meter: Meter

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
        meter = self.meter
        cpu, wire = _cpu_ns(meter.pid), meter.proxy.total
        try:
            return await super()._request(
                method,
                path,
                params=params,
                json_body=json_body,
                data=data,
                headers=headers,
                expect=expect,
            )
        finally:
            if meter.recording:
                endpoint = path.removeprefix("api/v2/")
                meter.calls.append(
                    Call(endpoint, meter.proxy.total - wire, _cpu_ns(meter.pid) - cpu)
                )


# ---------------------------------------------------------------------- the library


@dataclass(frozen=True)
class Made:
    """A generated torrent."""

    torrent: bytes
    info_hash: str


def _zero_torrent(
    name: str, sizes: Sequence[int], *, files: Sequence[str] | None, piece: int = PIECE
) -> Made:
    """A trackerless v1 torrent of zero-filled content (every full piece has the same hash)."""
    full, rest = divmod(sum(sizes), piece)
    pieces = hashlib.sha1(bytes(piece), usedforsecurity=False).digest() * full
    if rest:
        pieces += hashlib.sha1(bytes(rest), usedforsecurity=False).digest()
    info: dict[str, Bencodable] = {"name": name, "piece length": piece, "pieces": pieces}
    if files is None:
        info["length"] = sizes[0]
    else:
        info["files"] = [
            {"length": size, "path": [file]} for file, size in zip(files, sizes, strict=True)
        ]
    return Made(
        bencode({"created by": "status-tracker bench", "info": info}),
        hashlib.sha1(bencode(info), usedforsecurity=False).hexdigest(),
    )


def _sparse(path: Path, size: int) -> None:
    """A file of ``size`` zero bytes that takes no space (what the torrents above describe)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as file:
        file.truncate(size)


def make_old(directory: Path) -> list[Made]:
    """1,900 finished episodes, one file each, 0.7 to 3.5 GB."""
    made = []
    for n in range(OLD_TORRENTS):
        name = f"Old.Show.{n // 50 + 1}.S01E{n % 50 + 1:02d}.1080p.WEB.h264-GRP.mkv"
        size = 700_000_000 + n * 1_473_221
        _sparse(directory / name, size)
        made.append(_zero_torrent(name, [size], files=None, piece=OLD_PIECE))
    return made


def make_active(directory: Path) -> tuple[list[Made], list[Made]]:
    """The 20 packs and 80 singles the leecher downloads, seeded from ``directory``."""
    packs = []
    for n in range(1, PACKS + 1):
        name = f"Show.Number.{n}.S02.1080p.WEB.h264-GRP"
        files = [f"Show.Number.{n}.S02E{e:02d}.1080p.WEB.h264-GRP.mkv" for e in range(1, 25)]
        sizes = [ACTIVE_FILE_SIZE + 1_021 * e + n for e in range(PACK_FILES)]
        for file, size in zip(files, sizes, strict=True):
            _sparse(directory / name / file, size)
        packs.append(_zero_torrent(name, sizes, files=files))
    singles = []
    for n in range(PACKS + 1, PACKS + SINGLES + 1):
        name = f"Show.Number.{n}.S02E25.1080p.WEB.h264-GRP.mkv"
        size = ACTIVE_FILE_SIZE * PACK_FILES + n
        _sparse(directory / name, size)
        singles.append(_zero_torrent(name, [size], files=None))
    return packs, singles


class BenchDriver(QbtDriver):
    """The test driver plus what only the bench needs: many torrents per add, preferences."""

    async def add_many(self, made: Sequence[Made], save_path: Path, *, seed: bool) -> None:
        """Add torrents in batches; ``seed``: the data is there, do not check it."""
        for start in range(0, len(made), 100):
            batch = made[start : start + 100]

            def form(batch: Sequence[Made] = batch) -> aiohttp.FormData:
                data = aiohttp.FormData(default_to_multipart=True)
                for index, item in enumerate(batch):
                    data.add_field(
                        "torrents",
                        item.torrent,
                        filename=f"{index}.torrent",
                        content_type="application/x-bittorrent",
                    )
                data.add_field("savepath", str(save_path))
                # seedMode from WebAPI 2.16, skip_checking before it (each ignores the other)
                data.add_field("seedMode", "true" if seed else "false")
                data.add_field("skip_checking", "true" if seed else "false")
                return data

            await self._call("POST", "torrents/add", multipart=form, expect="text")

    async def set_preferences(self, preferences: Mapping[str, object]) -> None:
        """``app/setPreferences``."""
        await self._call(
            "POST", "app/setPreferences", form={"json": json.dumps(preferences)}, expect="none"
        )


async def _until(check: Any, what: str, within: float) -> None:
    deadline = time.monotonic() + within
    while not await check():
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not happen within {within:.0f} s")
        await asyncio.sleep(1)


# ---------------------------------------------------------------------- the ways of polling


@dataclass
class Way:
    """What one way of polling cost over its measured window."""

    name: str
    interval_s: float
    calls: list[Call]
    window_s: float
    polls: int
    per_poll: list[dict[str, Any]] = field(default_factory=list)

    def per_hour(self) -> dict[str, float]:
        """Requests, bytes and CPU seconds extrapolated to one hour."""
        scale = 3600 / self.window_s
        return {
            "interval_s": self.interval_s,
            "requests": round(len(self.calls) * scale),
            "bytes": round(sum(c.bytes for c in self.calls) * scale),
            "cpu_s": round(sum(c.cpu_ns for c in self.calls) * scale / 1e9, 3),
        }

    def by_endpoint(self) -> dict[str, dict[str, float]]:
        """Per poll (or per request for core): requests, bytes and CPU ms of each endpoint."""
        result: dict[str, dict[str, float]] = {}
        for endpoint in sorted({c.endpoint for c in self.calls}):
            calls = [c for c in self.calls if c.endpoint == endpoint]
            result[endpoint] = {
                "requests": round(len(calls) / self.polls, 2),
                "bytes": round(sum(c.bytes for c in calls) / self.polls),
                "cpu_ms": round(sum(c.cpu_ns for c in calls) / self.polls / 1e6, 3),
            }
        return result


@asynccontextmanager
async def _metered_client(
    leecher: QbtInstance, headers: Mapping[str, str]
) -> AsyncIterator[MeteredClient]:
    """A client of its own session (sending ``headers``) and proxy, measured, closed after."""
    proxy = CountingProxy(leecher.webui_port)
    url = await proxy.start()
    # qBittorrent refuses a Host naming another port than its own: name its own, so the bytes
    # are also those of a direct connection.
    headers = {"Host": f"{LOOPBACK}:{leecher.webui_port}", **headers}
    try:
        async with aiohttp.ClientSession(
            cookie_jar=aiohttp.DummyCookieJar(), headers=headers
        ) as session:
            client = MeteredClient(session, url, leecher.username, leecher.password)
            client.meter = Meter(pid=leecher.pid, proxy=proxy)
            yield client
    finally:
        await proxy.close()


def _completed(client: QBittorrentClient) -> dict[str, int]:
    """Completed bytes of every torrent (``pieces_have`` exists only from qBittorrent 5.2)."""
    return {h: int(t.get("completed", 0) or 0) for h, t in client.maindata.torrents.items()}


async def _poll_every(interval: float, polls: int, poll: Any) -> float:
    """Call ``poll`` ``polls`` times, ``interval`` seconds apart; return the window's length."""
    started = time.monotonic()
    for n in range(polls):
        await poll()
        if n < polls - 1:
            await asyncio.sleep(max(0.0, started + (n + 1) * interval - time.monotonic()))
    return polls * interval


async def measure_ours(leecher: QbtInstance, packs: list[str], driver: QbtDriver) -> Way:
    """The reader every 5 s, the packs' file lists wanted (what the core asks for them)."""
    async with _metered_client(leecher, {"User-Agent": SERVER_SOFTWARE}) as client:
        reader = QbittorrentReader(client)
        reader.wanted_files = frozenset(packs)
        await reader.read()  # login, first full maindata, first full file lists
        await asyncio.sleep(POLL_S)
        client.meter.recording = True
        per_poll: list[dict[str, Any]] = []

        async def poll() -> None:
            requests, before = len(client.meter.calls), _completed(client)
            await reader.read()
            after = _completed(client)
            per_poll.append(
                {
                    "requests": len(client.meter.calls) - requests,
                    "progressed": sum(after[h] > before.get(h, 0) for h in after),
                }
            )

        window = await _poll_every(POLL_S, OURS_POLLS, poll)
        calls = client.meter.take()
        await _check_lists(reader, driver, packs)
    return Way("ours", POLL_S, calls, window, OURS_POLLS, per_poll)


async def measure_before(leecher: QbtInstance, packs: list[str]) -> Way:
    """The previous reader: maindata, then every unfinished wanted pack's whole file list."""
    async with _metered_client(leecher, {"User-Agent": SERVER_SOFTWARE}) as client:

        async def poll() -> None:
            maindata = await client.sync_maindata()
            for torrent_hash in sorted(packs):
                torrent = maindata.torrents.get(torrent_hash)
                if torrent is not None and float(torrent.get("progress", 0) or 0) < 1:
                    await client.torrent_files(torrent_hash)

        await poll()
        await asyncio.sleep(POLL_S)
        client.meter.recording = True
        window = await _poll_every(POLL_S, BEFORE_POLLS, poll)
        calls = client.meter.take()
    return Way("before", POLL_S, calls, window, BEFORE_POLLS)


async def measure_core(leecher: QbtInstance) -> Way:
    """Full maindata (rid 0): its cost does not depend on the spacing, so it is sampled 5 s apart
    and counted as every 30 s."""
    requests_like = {"User-Agent": REQUESTS_UA, "Accept": "*/*", "Accept-Encoding": "gzip, deflate"}
    async with _metered_client(leecher, requests_like) as client:
        await client.fetch_maindata(0)  # login, and qBittorrent's first snapshot for this session
        await asyncio.sleep(POLL_S)
        client.meter.recording = True

        async def poll() -> None:
            await client.fetch_maindata(0)

        await _poll_every(POLL_S, CORE_REQUESTS, poll)
        calls = client.meter.take()
    return Way("core", CORE_INTERVAL_S, calls, CORE_REQUESTS * CORE_INTERVAL_S, CORE_REQUESTS)


# ---------------------------------------------------------------------- checks and run


async def _check_lists(reader: QbittorrentReader, driver: QbtDriver, packs: list[str]) -> None:
    """The reader's merged lists hold every file, none ahead of a full read made after."""
    data = await reader.read()
    for torrent_hash in packs:
        merged = data.files.get(torrent_hash, [])
        full = await driver.torrent_files(torrent_hash)
        if [(f["index"], f["name"], f["size"]) for f in merged] != [
            (f["index"], f["name"], f["size"]) for f in full
        ]:
            raise AssertionError(f"the merged file list of {torrent_hash} is not the torrent's")
        if any(m["progress"] > f["progress"] for m, f in zip(merged, full, strict=True)):
            raise AssertionError(f"the merged file list of {torrent_hash} is ahead of qBittorrent")


def _check_progress(ours: Way) -> None:
    stuck = [n for n, poll in enumerate(ours.per_poll) if poll["progressed"] == 0]
    if stuck:
        raise AssertionError(f"polls {stuck} saw no download progress: the limit is too low")


async def _library(base: Path) -> dict[str, Any]:
    launcher = find_launcher()
    seeder = start_instance(launcher, base / "seeder", bind_dir=base, name="seeder")
    try:
        leecher = start_instance(
            launcher,
            base / "leecher",
            bind_dir=base,
            name="leecher",
            config=QbtConfig(download_limit_kib=DOWNLOAD_LIMIT_KIB),
        )
    except BaseException:
        seeder.stop()
        raise
    try:
        return await _measure(launcher.version, seeder, leecher, base)
    finally:
        leecher.stop()
        seeder.stop()


async def _measure(
    version: str, seeder: QbtInstance, leecher: QbtInstance, base: Path
) -> dict[str, Any]:
    async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as session:
        seeds = BenchDriver(session, seeder.url, seeder.username, seeder.password)
        leech = BenchDriver(session, leecher.url, leecher.username, leecher.password)
        # One seeder for 100 downloads: no cap on its upload slots (20 by default).
        await seeds.set_preferences({"max_uploads": -1, "max_uploads_per_torrent": -1})
        made_at = time.monotonic()
        old = make_old(base / "old")
        packs, singles = make_active(base / "seed")
        active = packs + singles
        await leech.add_many(old, base / "old", seed=True)
        await seeds.add_many(active, base / "seed", seed=True)
        await leech.add_many(active, base / "leech", seed=False)
        active_hashes = [m.info_hash for m in active]

        async def listed() -> bool:
            return len(await leech.torrents_info()) == OLD_TORRENTS + len(active)

        await _until(listed, "the leecher listing 2,000 torrents", SETTLE_TIMEOUT_S)
        await leech.add_peers(active_hashes, [f"{LOOPBACK}:{seeder.listen_port}"])
        library_s = time.monotonic() - made_at

        async def downloading() -> bool:
            torrents = await leech.torrents_info(active_hashes)
            return sum(t["progress"] > 0 for t in torrents) == len(active)

        await _until(downloading, "all 100 downloads under way", SETTLE_TIMEOUT_S)

        async def settled() -> bool:
            before = _cpu_ns(leecher.pid)
            await asyncio.sleep(2)
            return _cpu_ns(leecher.pid) - before < 0.2e9  # adding 2,000 torrents is over

        await _until(settled, "qBittorrent settling after the adds", SETTLE_TIMEOUT_S)
        states = Counter(t["state"] for t in await leech.torrents_info())
        webapi = await leech.webapi_version()

        pack_hashes = [m.info_hash for m in packs]
        stat_before, wall_before = _stat_cpu_s(leecher.pid), time.monotonic()
        ours = await measure_ours(leecher, pack_hashes, leech)
        before = await measure_before(leecher, pack_hashes)
        core = await measure_core(leecher)
        stat_cpu = _stat_cpu_s(leecher.pid) - stat_before
        wall = time.monotonic() - wall_before
        _check_progress(ours)

    ways = {way.name: way for way in (ours, before, core)}
    hourly = {name: way.per_hour() for name, way in ways.items()}
    polled_cpu = sum(sum(c.cpu_ns for c in w.calls) for w in ways.values()) / 1e9
    ratio = {
        name: {
            "bytes": round(hourly[name]["bytes"] / hourly["core"]["bytes"], 3),
            "cpu": round(hourly[name]["cpu_s"] / hourly["core"]["cpu_s"], 3),
        }
        for name in ("ours", "before")
    }
    delta = ours.by_endpoint().get("sync/maindata", {})
    return {
        "library": {
            "qbittorrent": version,
            "webapi": webapi,
            "torrents": sum(states.values()),
            "states": dict(states),
            "packs": PACKS,
            "pack_files": PACK_FILES,
            "download_limit_kib_s": DOWNLOAD_LIMIT_KIB,
            "built_s": round(library_s, 1),
        },
        "per_hour": hourly,
        "ratio_to_core": ratio,
        "goal": {
            "max_ratio": GOAL,
            "met": ratio["ours"]["bytes"] <= GOAL and ratio["ours"]["cpu"] <= GOAL,
            # The maindata delta alone, every 5 s: the floor under any choice of file reads.
            "ours_maindata_only_ratio": {
                "bytes": round(delta.get("bytes", 0) * 720 / hourly["core"]["bytes"], 3),
                "cpu": round(delta.get("cpu_ms", 0) * 720 / 1000 / hourly["core"]["cpu_s"], 3),
            },
        },
        "per_poll": {name: way.by_endpoint() for name, way in ways.items()},
        "ours_polls": {
            "polls": ours.polls,
            "requests_each": [p["requests"] for p in ours.per_poll],
            "torrents_progressing_mean": round(
                statistics.mean(p["progressed"] for p in ours.per_poll)
            ),
        },
        "background_cpu_ms_per_s": round((stat_cpu - polled_cpu) / wall * 1000, 1),
    }


def run() -> dict[str, object]:
    """Build the library, poll it the three ways, report per hour and the ratios to core's."""
    with tempfile.TemporaryDirectory(prefix="st-bench-qbt-") as directory:
        return {"qbittorrent": asyncio.run(_library(Path(directory)))}
