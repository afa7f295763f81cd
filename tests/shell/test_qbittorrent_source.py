"""qBittorrent's source: which file lists a poll reads, and that merged lists are whole lists.

The reader is driven by a scripted client (exact request counts), then against two real
qbittorrent-nox instances with a season pack moving from one to the other.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any, cast

import aiohttp
import pytest

from custom_components.status_tracker.clients.errors import ApiError
from custom_components.status_tracker.clients.payloads.qbittorrent import QbtFile
from custom_components.status_tracker.clients.qbittorrent import QBittorrentClient
from custom_components.status_tracker.clients.qbittorrent_maindata import MainData
from custom_components.status_tracker.shell.sources.qbittorrent import QbittorrentReader
from custom_components.status_tracker.tracking import FILE_LIST_REFRESH
from tests.support.qbittorrent_driver import QbtDriver
from tests.support.qbittorrent_nox import QbtInstance, TorrentData

PACK = "a" * 40
SINGLE = "b" * 40


class _Scripted:
    """Answers like qBittorrent from what the test sets: torrents, and each pack's files."""

    def __init__(self) -> None:
        self.maindata = MainData()
        self.torrents: dict[str, dict[str, Any]] = {}
        self.files: dict[str, list[dict[str, Any]]] = {}
        self.file_reads: list[tuple[str, tuple[int, ...] | None]] = []
        self.refuse_indexes: int | None = None  # the HTTP status refusing a partial read
        self._rid = 0

    async def sync_maindata(self) -> MainData:
        self._rid += 1
        self.maindata.apply({"rid": self._rid, "full_update": True, "torrents": self.torrents})
        return self.maindata

    async def torrent_files(
        self, torrent_hash: str, indexes: tuple[int, ...] | None = None
    ) -> list[QbtFile]:
        self.file_reads.append((torrent_hash, indexes))
        files = self.files[torrent_hash]
        if indexes is not None:
            if self.refuse_indexes is not None:
                raise ApiError("GET api/v2/torrents/files", self.refuse_indexes, "refused")
            files = [f for f in files if f["index"] in indexes]
        return [cast(QbtFile, dict(f)) for f in files]


def _pack(progress: list[float]) -> dict[str, Any]:
    return {
        "name": "Show.S01.1080p.WEB-DL",
        "state": "downloading",
        "size": 1200,
        "has_metadata": True,
        "pieces_have": int(sum(progress) * 10),
        "progress": sum(progress) / len(progress),
    }


def _files(progress: list[float]) -> list[dict[str, Any]]:
    return [
        {"index": i, "name": f"Show.S01/Show.S01E{i + 1:02d}.mkv", "size": 100, "progress": p}
        | {"priority": 1}
        for i, p in enumerate(progress)
    ]


class _Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _reader(client: _Scripted, clock: _Clock | None = None) -> QbittorrentReader:
    reader = QbittorrentReader(cast(QBittorrentClient, client), clock or _Clock())
    reader.wanted_files = frozenset({PACK})
    return reader


async def test_a_pack_without_new_pieces_is_not_read_again() -> None:
    """Today's poll read every unfinished pack's files every 5 s, changed or not."""
    client = _Scripted()
    progress = [1.0, 0.5, 0.0]
    client.torrents = {PACK: _pack(progress), SINGLE: {"name": "Other", "state": "stalledDL"}}
    client.files[PACK] = _files(progress)
    reader = _reader(client)
    first = await reader.read()
    assert client.file_reads == [(PACK, None)]
    assert set(first.torrents) == {PACK, SINGLE}
    # The transfer stalls for a while: speed, ETA and state change, pieces do not.
    client.torrents[PACK] |= {"state": "stalledDL", "dlspeed": 0, "eta": 8640000}
    for _ in range(3):
        data = await reader.read()
        assert data.files == first.files
    assert client.file_reads == [(PACK, None)]


async def test_new_pieces_read_only_the_unfinished_files_and_merge_them() -> None:
    client = _Scripted()
    client.torrents = {PACK: _pack([1.0, 0.5, 0.0, 0.2])}
    client.files[PACK] = _files([1.0, 0.5, 0.0, 0.2])
    reader = _reader(client)
    await reader.read()
    client.torrents[PACK] = _pack([1.0, 1.0, 0.25, 0.2])
    client.files[PACK] = _files([1.0, 1.0, 0.25, 0.2])
    data = await reader.read()
    assert client.file_reads == [(PACK, None), (PACK, (1, 2, 3))]
    # The merged list is the whole list, as one full read would give it.
    assert data.files[PACK] == client.files[PACK]
    client.torrents[PACK] = _pack([1.0, 1.0, 0.5, 0.2])
    client.files[PACK] = _files([1.0, 1.0, 0.5, 0.2])
    data = await reader.read()
    assert client.file_reads[-1] == (PACK, (2, 3))  # E02 finished: no longer asked for
    assert data.files[PACK] == client.files[PACK]


async def test_a_list_is_read_whole_after_the_safety_interval_and_after_a_refusal() -> None:
    client = _Scripted()
    clock = _Clock()
    client.torrents = {PACK: _pack([1.0, 0.5])}
    client.files[PACK] = _files([1.0, 0.5])
    reader = _reader(client, clock)
    await reader.read()
    clock.now += FILE_LIST_REFRESH.total_seconds() - 1
    await reader.read()
    assert len(client.file_reads) == 1
    clock.now += 1
    await reader.read()
    assert client.file_reads[-1] == (PACK, None)
    # qBittorrent refuses an index: the kept list is not the torrent's, read it all again.
    client.refuse_indexes = 409  # "Index 30 is out of bounds."
    client.torrents[PACK] = _pack([1.0, 0.75])
    client.files[PACK] = _files([1.0, 0.75])
    data = await reader.read()
    assert client.file_reads[-2:] == [(PACK, (1,)), (PACK, None)]
    assert data.files[PACK] == client.files[PACK]
    # Any other error is the poll's (the source reports qBittorrent unavailable).
    client.refuse_indexes = 404
    client.torrents[PACK] = _pack([1.0, 0.8])
    with pytest.raises(ApiError):
        await reader.read()


async def test_lists_of_torrents_no_longer_wanted_or_gone_are_forgotten() -> None:
    client = _Scripted()
    client.torrents = {PACK: _pack([0.5])}
    client.files[PACK] = _files([0.5])
    reader = _reader(client)
    await reader.read()
    reader.wanted_files = frozenset()
    assert (await reader.read()).files == {}
    reader.wanted_files = frozenset({PACK})
    await reader.read()
    del client.torrents[PACK]
    assert (await reader.read()).files == {}
    client.torrents[PACK] = _pack([0.5])
    await reader.read()
    assert client.file_reads == [(PACK, None)] * 3  # each time wanted again: read anew


# -- against real qbittorrent-nox ---------------------------------------------------------------


def _comparable(files: list[QbtFile]) -> list[tuple[Any, ...]]:
    return [(f["index"], f["name"], f["size"], f["priority"], f["progress"]) for f in files]


async def _until(check: Any, what: str, within: float = 30) -> Any:
    """Poll ``check`` (async, truthy when done) every 50 ms, for at most ``within`` seconds."""
    for _ in range(int(within / 0.05)):
        result = await check()
        if result:
            return result
        await asyncio.sleep(0.05)
    pytest.fail(f"{what} did not happen within {within:.0f} s")


async def test_real_pack_download_merged_lists_match_full_reads(
    qbt_client: QbtDriver,
    qbt_peer_client: QbtDriver,
    qbittorrent: QbtInstance,
    qbittorrent_peer: QbtInstance,
    season_pack: TorrentData,
    tmp_path: Path,
) -> None:
    """A real season pack downloading: reads after the first ask only for unfinished files, and
    the merged list is what a full read gives, half way (transfer held) and at the end."""
    seeder, leecher = qbt_client, qbt_peer_client
    torrent_hash = season_pack.info_hash
    await seeder.add_torrent(
        season_pack.torrent, save_path=str(season_pack.save_path), skip_checking=True
    )

    async def seeding() -> bool:
        torrents = await seeder.torrents_info([torrent_hash])
        return bool(torrents) and torrents[0]["state"] == "stalledUP"

    await _until(seeding, "the seeder to seed")
    reads: list[tuple[str, tuple[int, ...] | None]] = []

    class Recording(QBittorrentClient):
        async def torrent_files(self, torrent_hash: str, indexes: Any = None) -> list[QbtFile]:
            state = self.maindata.torrents[torrent_hash].get("state", "")
            reads.append((state, None if indexes is None else tuple(indexes)))
            return await super().torrent_files(torrent_hash, indexes)

    async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as session:
        polled = Recording(
            session, qbittorrent_peer.url, qbittorrent_peer.username, qbittorrent_peer.password
        )
        reader = QbittorrentReader(polled)
        reader.wanted_files = frozenset({torrent_hash})

        async def files_done(least: float) -> list[QbtFile] | None:
            files = (await reader.read()).files.get(torrent_hash, [])
            done = sum(f["progress"] == 1 for f in files)
            return files if files and done >= least * len(files) else None

        await leecher.add_torrent(season_pack.torrent, save_path=str(tmp_path / "leech"))
        await _until(lambda: leecher.torrents_info([torrent_hash]), "the leecher's torrent")
        # Slow enough to see the pack part done (qBittorrent refreshes torrents every 1.5 s).
        await leecher.set_torrent_download_limit(torrent_hash, 50 * 1024)
        await leecher.add_peers([torrent_hash], [f"127.0.0.1:{qbittorrent.listen_port}"])
        await _until(lambda: files_done(0.25), "a quarter of the files")
        # Hold the transfer without dropping the seeder (a stopped torrent would, and reconnect
        # only a minute later): 1 byte/s completes no piece while the test looks.
        await leecher.set_torrent_download_limit(torrent_hash, 1)

        async def held() -> bool:
            before = await leecher.torrent_files(torrent_hash)
            await asyncio.sleep(2)  # longer than qBittorrent's 1.5 s refresh of maindata
            return _comparable(before) == _comparable(await leecher.torrent_files(torrent_hash))

        await _until(held, "the transfer to hold")
        half = (await reader.read()).files[torrent_hash]
        assert _comparable(half) == _comparable(await leecher.torrent_files(torrent_hash))
        assert any(f["progress"] < 1 for f in half)
        await leecher.set_torrent_download_limit(torrent_hash, 0)
        files = await _until(lambda: files_done(1), "the whole pack")
        assert _comparable(files) == _comparable(await leecher.torrent_files(torrent_hash))
    assert reads[0][1] is None
    # Read whole while qBittorrent checks the new torrent, then only in part.
    started = next(i for i, (state, _) in enumerate(reads) if not state.startswith("checking"))
    unfinished = len(season_pack.files)
    for state, read in reads[started + 1 :]:
        assert read is not None, f"read whole again in {state} although only pieces arrived"
        # Finished files are never asked for again.
        assert len(read) <= unfinished
        unfinished = len(read)
