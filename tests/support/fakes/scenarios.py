"""Sample scenarios for the fakes: one consistent little world seen by four apps.

* **Harbor Lights** (standard, TVDB 438921): season 1 (13 episodes) aired; its season pack
  ``Harbor.Lights.S01.1080p.ATVP.WEB-DL.DDP5.1.H.264-FLUX`` is downloading in qBittorrent, so
  Sonarr's queue holds 13 records sharing one ``downloadId``. Jellyfin shows the episodes as
  Virtual; Jellyseerr's request is approved and processing.
* **Hoshi no Kakera** (anime, TVDB 438107, absolute numbering 1–20): season 1 on disk, season 2
  episodes 13–17 on disk, 18 downloading, 19–20 missing. Two AniDB entries in Shoko.
* **Quiet Meridian** (standard, ended, TVDB 401122): fully downloaded and available.

Jellyseerr also has a pending request for a show Sonarr doesn't have and a movie request, which
a TV-only client must skip. Every function returns a fresh dict; tests may edit it freely.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any, Final
import uuid
import zlib

from tests.support.clock import story, story_iso

QBITTORRENT_CLIENT_ID: Final = 1
ENGLISH: Final = {"id": 1, "name": "English"}
JAPANESE: Final = {"id": 8, "name": "Japanese"}
MEDIA_ROOT: Final = "/data/media/tv"
JELLYFIN_SERVER_ID: Final = "5c2d1f7a9e3b4c8d9a0b1c2d3e4f5a6b"

HARBOR_HASH: Final = "6F0C2E7A9B4D81C3E5A7092B4C6D8E1F3A5B7C9D"
HOSHI_18_HASH: Final = "A94C3B1E07D2F6581C9E3A7B2D4F6081E3C5A7B9"
MERIDIAN_HASH: Final = "3E8B1D5F7A9C2E4061B3D5F7092A4C6E8B0D2F41"


def _quality(name: str, quality_id: int, source: str, resolution: int) -> dict[str, Any]:
    return {
        "quality": {"id": quality_id, "name": name, "source": source, "resolution": resolution},
        "revision": {"version": 1, "real": 0, "isRepack": False},
    }


def _webdl() -> dict[str, Any]:
    return _quality("WEBDL-1080p", 3, "web", 1080)


def _bluray() -> dict[str, Any]:
    return _quality("Bluray-1080p", 7, "bluray", 1080)


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _weekly(first: datetime, count: int) -> list[datetime]:
    return [first + timedelta(weeks=i) for i in range(count)]


def queue_record_id(
    download_id: str, episode_id: int, client_id: int = QBITTORRENT_CLIENT_ID
) -> int:
    """A stable positive int32, like Sonarr's hash of the tracked download and episode ids."""
    key = f"trackedDownload-{client_id}-{download_id}-ep{episode_id}"
    return zlib.crc32(key.encode()) & 0x7FFFFFFF


def jellyfin_id(*parts: object) -> str:
    """A deterministic 32-hex-character Jellyfin item id (GUID in "N" format)."""
    return uuid.uuid5(uuid.NAMESPACE_URL, "jellyfin:" + "/".join(map(str, parts))).hex


# -- the shows ------------------------------------------------------------------------------


SHOWS: Final[list[dict[str, Any]]] = [
    {
        "id": 1,
        "title": "Harbor Lights",
        "year": 2026,
        "tvdbId": 438921,
        "tmdbId": 245678,
        "imdbId": "tt31234567",
        "tvMazeId": 71234,
        "seriesType": "standard",
        "status": "continuing",
        "network": "Apple TV+",
        "genres": ["Drama", "Thriller"],
        "language": ENGLISH,
        "seasons": {1: (story(datetime(2026, 7, 3, 1, 0, tzinfo=UTC)), 13)},
        "episode_titles": [
            "The Lamp Room",
            "Undertow",
            "Fog Signal",
            "Ballast",
            "Slack Water",
            "The Keeper",
            "Spring Tide",
            "Breakwater",
            "Dead Reckoning",
            "Riptide",
            "Nightwatch",
            "Landfall",
            "Harbor Lights",
        ],
    },
    {
        "id": 2,
        "title": "Hoshi no Kakera",
        "year": 2025,
        "tvdbId": 438107,
        "tmdbId": 239871,
        "imdbId": "tt29876543",
        "tvMazeId": 70011,
        "seriesType": "anime",
        "status": "continuing",
        "network": "Tokyo MX",
        "genres": ["Animation", "Anime", "Fantasy"],
        "language": JAPANESE,
        "seasons": {
            1: (story(datetime(2025, 4, 6, 15, 0, tzinfo=UTC)), 12),
            2: (story(datetime(2026, 8, 2, 15, 0, tzinfo=UTC)), 8),
        },
        "episode_titles": [f"Fragment {n}" for n in range(1, 21)],
    },
    {
        "id": 3,
        "title": "Quiet Meridian",
        "year": 2024,
        "tvdbId": 401122,
        "tmdbId": 219004,
        "imdbId": "tt21098765",
        "tvMazeId": 66120,
        "seriesType": "standard",
        "status": "ended",
        "network": "BBC One",
        "genres": ["Crime", "Drama"],
        "language": ENGLISH,
        "seasons": {1: (story(datetime(2024, 2, 11, 21, 0, tzinfo=UTC)), 8)},
        "episode_titles": [f"Part {n}" for n in range(1, 9)],
    },
]


def _slug(title: str) -> str:
    return title.lower().replace(" ", "-")


def _folder(show: dict[str, Any]) -> str:
    return f"{MEDIA_ROOT}/{show['title']} ({show['year']})"


def _episodes(show: dict[str, Any]) -> list[dict[str, Any]]:
    """Sonarr EpisodeResources of one show (ids: show id * 100 + running number)."""
    result = []
    running = 0
    for season, (first, count) in show["seasons"].items():
        for index, aired in enumerate(_weekly(first, count), start=1):
            running += 1
            episode: dict[str, Any] = {
                "id": show["id"] * 100 + running,
                "seriesId": show["id"],
                "tvdbId": 9_000_000 + show["id"] * 1000 + running,
                "episodeFileId": 0,
                "seasonNumber": season,
                "episodeNumber": index,
                "title": show["episode_titles"][running - 1],
                "airDate": aired.strftime("%Y-%m-%d"),
                "airDateUtc": _iso(aired),
                "runtime": 24 if show["seriesType"] == "anime" else 52,
                "overview": "",
                "hasFile": False,
                "monitored": True,
                "unverifiedSceneNumbering": False,
            }
            if show["seriesType"] == "anime":
                episode["absoluteEpisodeNumber"] = running
            if index == count and show["status"] == "ended":
                episode["finaleType"] = "series"
            elif index == count:
                episode["finaleType"] = "season"
            result.append(episode)
    return result


def _series_resource(show: dict[str, Any]) -> dict[str, Any]:
    first_season = min(show["seasons"])
    first_aired = show["seasons"][first_season][0]
    return {
        "id": show["id"],
        "title": show["title"],
        "alternateTitles": [],
        "sortTitle": show["title"].lower(),
        "status": show["status"],
        "ended": show["status"] == "ended",
        "overview": f"{show['title']} follows its people through {len(show['seasons'])} season(s).",
        "network": show["network"],
        "airTime": "21:00",
        "images": [
            {
                "coverType": "poster",
                "url": f"/MediaCover/{show['id']}/poster.jpg?lastWrite=638650000000000000",
                "remoteUrl": f"https://artworks.thetvdb.com/banners/v4/series/{show['tvdbId']}/posters/poster.jpg",
            }
        ],
        "originalLanguage": show["language"],
        "seasons": [{"seasonNumber": 0, "monitored": False}]
        + [{"seasonNumber": n, "monitored": True} for n in show["seasons"]],
        "year": show["year"],
        "path": _folder(show),
        "qualityProfileId": 4,
        "seasonFolder": True,
        "monitored": True,
        "monitorNewItems": "all",
        "useSceneNumbering": False,
        "runtime": 24 if show["seriesType"] == "anime" else 52,
        "tvdbId": show["tvdbId"],
        "tvRageId": 0,
        "tvMazeId": show["tvMazeId"],
        "tmdbId": show["tmdbId"],
        "firstAired": _iso(first_aired.replace(hour=0)),
        "seriesType": show["seriesType"],
        "cleanTitle": show["title"].lower().replace(" ", ""),
        "imdbId": show["imdbId"],
        "titleSlug": _slug(show["title"]),
        "rootFolderPath": MEDIA_ROOT + "/",
        "certification": "TV-14" if show["seriesType"] == "anime" else "TV-MA",
        "genres": show["genres"],
        "tags": [],
        "added": story_iso("2024-01-30T19:22:41Z"),
        "ratings": {"votes": 1204, "value": 7.9},
        "languageProfileId": 1,
    }


def _file_name(show: dict[str, Any], episode: dict[str, Any]) -> tuple[str, str, str]:
    """(relativePath, sceneName, releaseGroup) of one episode's file."""
    season, number = episode["seasonNumber"], episode["episodeNumber"]
    if show["seriesType"] == "anime":
        absolute = episode["absoluteEpisodeNumber"]
        crc = f"{zlib.crc32(str(episode['id']).encode()):08X}"
        scene = f"[SubsPlease] {show['title']} - {absolute:02d} (1080p) [{crc}]"
        relative = (
            f"Season {season:02d}/{show['title']} - S{season:02d}E{number:02d} - {absolute:03d} - "
            f"{episode['title']} [WEBDL-1080p][8bit][x264][AAC 2.0][JA]-SubsPlease.mkv"
        )
        return relative, scene, "SubsPlease"
    dotted = show["title"].replace(" ", ".")
    scene = f"{dotted}.S{season:02d}E{number:02d}.1080p.BluRay.x264-DEFLATE"
    relative = (
        f"Season {season:02d}/{show['title']} - S{season:02d}E{number:02d} - {episode['title']} "
        "[Bluray-1080p][DTS 5.1][x264]-DEFLATE.mkv"
    )
    return relative, scene, "DEFLATE"


def _episode_file(show: dict[str, Any], episode: dict[str, Any], file_id: int) -> dict[str, Any]:
    relative, scene, group = _file_name(show, episode)
    anime = show["seriesType"] == "anime"
    return {
        "id": file_id,
        "seriesId": show["id"],
        "seasonNumber": episode["seasonNumber"],
        "relativePath": relative,
        "path": f"{_folder(show)}/{relative}",
        "size": (1_452_109_824 if anime else 4_831_838_208) + file_id * 1024,
        "dateAdded": _iso(datetime.fromisoformat(episode["airDateUtc"]) + timedelta(hours=3)),
        "sceneName": scene,
        "releaseGroup": group,
        "languages": [show["language"]],
        "quality": _webdl() if anime else _bluray(),
        "customFormats": [],
        "customFormatScore": 0,
        "indexerFlags": 0,
        "releaseType": "singleEpisode" if anime else "seasonPack",
        "mediaInfo": {
            "audioBitrate": 128000 if anime else 1509000,
            "audioChannels": 2.0 if anime else 5.1,
            "audioCodec": "AAC" if anime else "DTS",
            "audioLanguages": "jpn" if anime else "eng",
            "audioStreamCount": 1,
            "videoBitDepth": 8,
            "videoBitrate": 6_000_000 if anime else 10_500_000,
            "videoCodec": "x264",
            "videoFps": 23.976,
            "videoDynamicRange": "",
            "videoDynamicRangeType": "",
            "resolution": "1920x1080",
            "runTime": "23:40" if anime else "52:12",
            "scanType": "Progressive",
            "subtitles": "eng" if anime else "eng/fre",
        },
        "qualityCutoffNotMet": False,
    }


def _queue_record(
    show: dict[str, Any], episode: dict[str, Any], download: dict[str, Any]
) -> dict[str, Any]:
    return {
        "id": queue_record_id(download["downloadId"], episode["id"]),
        "seriesId": show["id"],
        "episodeId": episode["id"],
        "seasonNumber": episode["seasonNumber"],
        "languages": [show["language"]],
        "quality": _webdl(),
        "customFormats": [],
        "customFormatScore": 0,
        "size": download["size"],
        "title": download["title"],
        "estimatedCompletionTime": download["eta"],
        "added": download["added"],
        "status": "downloading",
        "trackedDownloadStatus": "ok",
        "trackedDownloadState": "downloading",
        "statusMessages": [],
        "downloadId": download["downloadId"],
        "protocol": "torrent",
        "downloadClient": "qBittorrent",
        "downloadClientHasPostImportCategory": False,
        "indexer": download["indexer"],
        "outputPath": f"/data/torrents/tv-sonarr/{download['title']}",
        "episodeHasFile": False,
        "sizeleft": download["sizeleft"],
        "timeleft": download["timeleft"],
    }


def _history_record(
    record_id: int,
    event: str,
    episode: dict[str, Any],
    download: dict[str, Any],
    *,
    language: dict[str, Any],
    data: dict[str, str],
) -> dict[str, Any]:
    return {
        "id": record_id,
        "episodeId": episode["id"],
        "seriesId": episode["seriesId"],
        "sourceTitle": download["title"],
        "languages": [language],
        "quality": download.get("quality") or _webdl(),
        "customFormats": [],
        "customFormatScore": 0,
        "qualityCutoffNotMet": False,
        "date": download["date"],
        "downloadId": download["downloadId"],
        "eventType": event,
        "data": data,
    }


def grab_record(
    record_id: int,
    episode: dict[str, Any],
    download: dict[str, Any],
    *,
    language: dict[str, Any],
    tvdb_id: int,
    release_type: str,
) -> dict[str, Any]:
    """The ``grabbed`` history record Sonarr writes for one episode of ``download``."""
    return _history_record(
        record_id,
        "grabbed",
        episode,
        download,
        language=language,
        data=_grab_data(download, tvdb_id, release_type),
    )


def _grab_data(download: dict[str, Any], tvdb_id: int, release_type: str) -> dict[str, str]:
    """A grabbed record's ``data``: HistoryService keys, camelCased; every value a string."""
    return {
        "indexer": download["indexer"],
        "nzbInfoUrl": f"https://tracker.example/torrents/{download['downloadId'][:8].lower()}",
        "releaseGroup": download["group"],
        "age": "0",
        "ageHours": "3.4",
        "ageMinutes": "204.1",
        "publishedDate": download["published"],
        "downloadClient": "qBittorrent",
        "downloadClientName": "qBittorrent",
        "size": str(download["size"]),
        "downloadUrl": "http://prowlarr:9696/1/download?link=abc",
        "guid": f"https://tracker.example/details/{download['downloadId'][:12].lower()}",
        "tvdbId": str(tvdb_id),
        "tvRageId": "0",
        "protocol": "2",
        "customFormatScore": "0",
        "seriesMatchType": "1",
        "releaseSource": "Rss",
        "indexerFlags": "0",
        "releaseType": release_type,
        # Indexers report the info hash lower-case; the queue's downloadId is upper-case.
        "torrentInfoHash": download["downloadId"].lower(),
    }


def _qbittorrent_client(host: str, port: int) -> dict[str, Any]:
    def field(order: int, name: str, label: str, value: Any, kind: str, **extra: Any) -> Any:
        return {
            "order": order,
            "name": name,
            "label": label,
            "value": value,
            "type": kind,
            "advanced": extra.pop("advanced", False),
            "privacy": extra.pop("privacy", "normal"),
            "isFloat": False,
            **extra,
        }

    priority = [
        {"value": 0, "name": "Last", "order": 0},
        {"value": 1, "name": "First", "order": 1},
    ]
    return {
        "enable": True,
        "protocol": "torrent",
        "priority": 1,
        "removeCompletedDownloads": True,
        "removeFailedDownloads": True,
        "name": "qBittorrent",
        "fields": [
            field(0, "host", "Host", host, "textbox"),
            field(1, "port", "Port", port, "textbox"),
            field(2, "useSsl", "Use SSL", False, "checkbox"),
            field(3, "urlBase", "URL Base", "", "textbox", advanced=True),
            field(4, "username", "Username", "admin", "textbox", privacy="userName"),
            field(5, "password", "Password", "********", "password", privacy="password"),
            field(6, "tvCategory", "Category", "tv-sonarr", "textbox"),
            field(7, "tvImportedCategory", "Post-Import Category", None, "textbox", advanced=True),
            field(8, "recentTvPriority", "Recent Priority", 0, "select", selectOptions=priority),
            field(9, "olderTvPriority", "Older Priority", 0, "select", selectOptions=priority),
            field(10, "initialState", "Initial State", 0, "select"),
            field(11, "sequentialOrder", "Sequential Order", False, "checkbox"),
            field(12, "firstAndLast", "First and Last First", False, "checkbox"),
            field(13, "contentLayout", "Content Layout", 0, "select"),
        ],
        "implementationName": "qBittorrent",
        "implementation": "QBittorrent",
        "configContract": "QBittorrentSettings",
        "infoLink": "https://wiki.servarr.com/sonarr/supported#qbittorrent",
        "tags": [],
        "id": QBITTORRENT_CLIENT_ID,
    }


def sonarr_basic(
    *, qbittorrent_host: str = "127.0.0.1", qbittorrent_port: int = 8080
) -> dict[str, Any]:
    """Sonarr state: three series, a 13-episode season pack and an anime episode downloading."""
    harbor, hoshi, meridian = SHOWS
    episodes = {show["id"]: _episodes(show) for show in SHOWS}
    files: list[dict[str, Any]] = []
    for show in (hoshi, meridian):
        for episode in episodes[show["id"]]:
            if show is hoshi and episode["absoluteEpisodeNumber"] > 17:
                continue
            file_id = len(files) + 1
            files.append(_episode_file(show, episode, file_id))
            episode["episodeFileId"] = file_id
            episode["hasFile"] = True

    pack_title = "Harbor.Lights.S01.1080p.ATVP.WEB-DL.DDP5.1.H.264-FLUX"
    pack = {
        "downloadId": HARBOR_HASH,
        "title": pack_title,
        "size": 28_634_218_496,
        "sizeleft": 9_876_543_210,
        "timeleft": "00:41:26",
        "eta": story_iso("2026-11-21T10:23:32Z"),
        "added": story_iso("2026-11-20T22:14:09Z"),
        "date": story_iso("2026-11-20T22:14:09Z"),
        "published": story_iso("2026-11-20T18:51:00Z"),
        "indexer": "TorrentLeech (Prowlarr)",
        "group": "FLUX",
    }
    single = {
        "downloadId": HOSHI_18_HASH,
        "title": "[SubsPlease] Hoshi no Kakera - 18 (1080p) [5C2B9E47].mkv",
        "size": 1_452_109_824,
        "sizeleft": 352_321_536,
        "timeleft": "00:03:12",
        "eta": story_iso("2026-11-21T09:45:18Z"),
        "added": story_iso("2026-11-21T08:02:44Z"),
        "date": story_iso("2026-11-21T08:02:44Z"),
        "published": story_iso("2026-11-21T07:31:00Z"),
        "indexer": "Nyaa.si (Prowlarr)",
        "group": "SubsPlease",
    }
    old_pack = {
        "downloadId": MERIDIAN_HASH,
        "title": "Quiet.Meridian.S01.1080p.BluRay.x264-DEFLATE",
        "size": 38_654_705_664,
        "date": story_iso("2024-05-02T20:11:05Z"),
        "published": story_iso("2024-05-02T17:00:00Z"),
        "indexer": "IPTorrents (Prowlarr)",
        "group": "DEFLATE",
        "quality": _bluray(),
    }
    hoshi_18 = next(e for e in episodes[hoshi["id"]] if e["absoluteEpisodeNumber"] == 18)
    queue = [_queue_record(harbor, e, pack) for e in episodes[harbor["id"]]]
    queue.append(_queue_record(hoshi, hoshi_18, single))

    history: list[dict[str, Any]] = []
    for show, download, release_type, targets in (
        (meridian, old_pack, "SeasonPack", episodes[meridian["id"]]),
        (harbor, pack, "SeasonPack", episodes[harbor["id"]]),
        (hoshi, single, "SingleEpisode", [hoshi_18]),
    ):
        for episode in targets:
            history.append(
                _history_record(
                    len(history) + 1,
                    "grabbed",
                    episode,
                    download,
                    language=show["language"],
                    data=_grab_data(download, show["tvdbId"], release_type),
                )
            )
    for episode in episodes[meridian["id"]]:
        file = next(f for f in files if f["id"] == episode["episodeFileId"])
        imported = {**old_pack, "date": story_iso("2024-05-02T21:40:12Z")}
        history.append(
            _history_record(
                len(history) + 1,
                "downloadFolderImported",
                episode,
                imported,
                language=ENGLISH,
                data={
                    "droppedPath": (
                        f"/data/torrents/tv-sonarr/{old_pack['title']}/{file['sceneName']}.mkv"
                    ),
                    "importedPath": file["path"],
                    "downloadClient": "qBittorrent",
                    "downloadClientName": "qBittorrent",
                    "size": str(file["size"]),
                },
            )
        )

    return {
        "system_status": {"instanceName": "Sonarr"},
        "series": [_series_resource(show) for show in SHOWS],
        "episodes": [e for show in SHOWS for e in episodes[show["id"]]],
        "episode_files": files,
        "queue": queue,
        "history": history,
        "download_clients": [_qbittorrent_client(qbittorrent_host, qbittorrent_port)],
        "notifications": [],
        "commands": [],
        "settings": {"autoUnmonitorPreviouslyDownloadedEpisodes": False},
    }


# -- Jellyfin -----------------------------------------------------------------------------


def _jf_series(show: dict[str, Any]) -> dict[str, Any]:
    first = show["seasons"][min(show["seasons"])][0]
    return {
        "Name": show["title"],
        "ServerId": JELLYFIN_SERVER_ID,
        "Id": jellyfin_id(show["tvdbId"]),
        "DateCreated": story_iso("2026-01-12T08:30:00.0000000Z"),
        "PremiereDate": _iso(first.replace(hour=0)).replace("Z", ".0000000Z"),
        "ProductionYear": show["year"],
        "IsFolder": True,
        "Type": "Series",
        "Status": "Ended" if show["status"] == "ended" else "Continuing",
        "ProviderIds": {
            "Tvdb": str(show["tvdbId"]),
            "Tmdb": str(show["tmdbId"]),
            "Imdb": show["imdbId"],
        },
        "Path": _folder(show),
        "LocationType": "FileSystem",
        "MediaType": "Unknown",
    }


def _jf_season(show: dict[str, Any], season: int) -> dict[str, Any]:
    series_id = jellyfin_id(show["tvdbId"])
    return {
        "Name": f"Season {season}",
        "ServerId": JELLYFIN_SERVER_ID,
        "Id": jellyfin_id(show["tvdbId"], season),
        "IndexNumber": season,
        "IsFolder": True,
        "Type": "Season",
        "ParentId": series_id,
        "SeriesId": series_id,
        "SeriesName": show["title"],
        "Path": f"{_folder(show)}/Season {season:02d}",
        "LocationType": "FileSystem",
        "MediaType": "Unknown",
    }


def _jf_episode(
    show: dict[str, Any], episode: dict[str, Any], file: dict[str, Any] | None
) -> dict[str, Any]:
    series_id = jellyfin_id(show["tvdbId"])
    item: dict[str, Any] = {
        "Name": episode["title"],
        "ServerId": JELLYFIN_SERVER_ID,
        "Id": jellyfin_id(show["tvdbId"], episode["seasonNumber"], episode["episodeNumber"]),
        "PremiereDate": episode["airDateUtc"].replace("Z", ".0000000Z"),
        "IndexNumber": episode["episodeNumber"],
        "ParentIndexNumber": episode["seasonNumber"],
        "IsFolder": False,
        "Type": "Episode",
        "ParentId": jellyfin_id(show["tvdbId"], episode["seasonNumber"]),
        "SeriesId": series_id,
        "SeriesName": show["title"],
        "SeasonId": jellyfin_id(show["tvdbId"], episode["seasonNumber"]),
        "SeasonName": f"Season {episode['seasonNumber']}",
        "ProviderIds": {"Tvdb": str(episode["tvdbId"])},
        "LocationType": "FileSystem" if file else "Virtual",
        "MediaType": "Video" if file else "Unknown",
    }
    if file:
        item["Path"] = file["path"]
        item["Container"] = "mkv"
        item["RunTimeTicks"] = episode["runtime"] * 60 * 10_000_000
    return item


def jellyfin_basic() -> dict[str, Any]:
    """Jellyfin library matching ``sonarr_basic``: files as FileSystem, the rest Virtual."""
    sonarr = sonarr_basic()
    files = {f["id"]: f for f in sonarr["episode_files"]}
    items: list[dict[str, Any]] = []
    for show in SHOWS:
        items.append(_jf_series(show))
        items.extend(_jf_season(show, season) for season in show["seasons"])
        for episode in (e for e in sonarr["episodes"] if e["seriesId"] == show["id"]):
            items.append(_jf_episode(show, episode, files.get(episode["episodeFileId"])))
    return {
        "system_info": {
            "ServerName": "media-box",
            "Version": "10.11.11",
            "ProductName": "Jellyfin Server",
            "Id": JELLYFIN_SERVER_ID,
            "OperatingSystem": "",
            "LocalAddress": "http://172.18.0.5:8096",
            "StartupWizardCompleted": True,
        },
        "users": [
            {
                "Name": "admin",
                "ServerId": JELLYFIN_SERVER_ID,
                "Id": jellyfin_id("user", "admin"),
                "HasPassword": True,
                "HasConfiguredPassword": True,
                "HasConfiguredEasyPassword": False,
                "EnableAutoLogin": False,
                "LastLoginDate": story_iso("2026-11-20T19:04:51.0000000Z"),
                "LastActivityDate": story_iso("2026-11-21T07:58:13.0000000Z"),
                "Policy": {"IsAdministrator": True, "IsDisabled": False, "IsHidden": True},
            }
        ],
        "items": items,
    }


# -- Jellyseerr ---------------------------------------------------------------------------

_ADMIN: Final[dict[str, Any]] = {
    "id": 1,
    "email": "admin@example.com",
    "jellyfinUsername": "admin",
    "userType": 3,
    "permissions": 2,
    "avatar": "/avatarproxy/2d3c9a8b7e6f",
    "createdAt": story_iso("2025-03-01T10:00:00.000Z"),
    "updatedAt": story_iso("2026-11-20T19:04:52.000Z"),
    "requestCount": 4,
    "displayName": "admin",
}
_MARIA: Final[dict[str, Any]] = {
    "id": 2,
    "email": "maria@example.com",
    "jellyfinUsername": "maria",
    "userType": 3,
    "permissions": 32,
    "avatar": "/avatarproxy/9f8e7d6c5b4a",
    "createdAt": story_iso("2025-06-14T18:22:10.000Z"),
    "updatedAt": story_iso("2026-11-18T21:40:03.000Z"),
    "requestCount": 1,
    "displayName": "maria",
}


def _media(
    media_id: int,
    *,
    media_type: str,
    tmdb_id: int,
    status: int,
    tvdb_id: int | None = None,
    imdb_id: str | None = None,
    seasons: dict[int, int] | None = None,
    sonarr_id: int | None = None,
    slug: str | None = None,
    jellyfin: str | None = None,
    created: str = story_iso("2026-11-01T12:00:00.000Z"),
) -> dict[str, Any]:
    return {
        "id": media_id,
        "mediaType": media_type,
        "tmdbId": tmdb_id,
        "tvdbId": tvdb_id,
        "imdbId": imdb_id,
        "status": status,
        "status4k": 1,
        "createdAt": created,
        "updatedAt": story_iso("2026-11-21T08:05:00.000Z"),
        "lastSeasonChange": created,
        "mediaAddedAt": story_iso("2026-11-21T08:05:00.000Z") if status in {4, 5} else None,
        "serviceId": 0 if sonarr_id else None,
        "serviceId4k": None,
        "externalServiceId": sonarr_id,
        "externalServiceId4k": None,
        "externalServiceSlug": slug,
        "externalServiceSlug4k": None,
        "ratingKey": None,
        "ratingKey4k": None,
        "jellyfinMediaId": jellyfin,
        "jellyfinMediaId4k": None,
        "seasons": [
            {
                "id": media_id * 10 + number,
                "seasonNumber": number,
                "status": season_status,
                "status4k": 1,
                "createdAt": created,
                "updatedAt": story_iso("2026-11-21T08:05:00.000Z"),
            }
            for number, season_status in (seasons or {}).items()
        ],
        "downloadStatus": [],
        "downloadStatus4k": [],
        "mediaUrl": f"http://jellyfin:8096/web/index.html#!/details?id={jellyfin}"
        if jellyfin
        else None,
        "serviceUrl": f"http://sonarr:8989/series/{slug}" if slug else None,
    }


def _request(
    request_id: int,
    media: dict[str, Any],
    *,
    status: int,
    user: dict[str, Any],
    seasons: dict[int, int],
    created: str,
) -> dict[str, Any]:
    return {
        "id": request_id,
        "status": status,
        "createdAt": created,
        "updatedAt": story_iso("2026-11-21T08:05:00.000Z"),
        "type": media["mediaType"],
        "is4k": False,
        "serverId": 0,
        "profileId": 4,
        "rootFolder": MEDIA_ROOT,
        "languageProfileId": None,
        "tags": [],
        "isAutoRequest": False,
        "media": media,
        "seasons": [
            {
                "id": request_id * 10 + number,
                "seasonNumber": number,
                "status": season_status,
                "createdAt": created,
                "updatedAt": story_iso("2026-11-21T08:05:00.000Z"),
            }
            for number, season_status in seasons.items()
        ],
        "modifiedBy": _ADMIN if status != 1 else None,
        "requestedBy": user,
        "seasonCount": len(seasons),
        "canRemove": True,
    }


def _tv_details(show: dict[str, Any]) -> dict[str, Any]:
    first = show["seasons"][min(show["seasons"])][0]
    return {
        "id": show["tmdbId"],
        "name": show["title"],
        "originalName": show["title"],
        "originalLanguage": "ja" if show["language"] is JAPANESE else "en",
        "firstAirDate": first.strftime("%Y-%m-%d"),
        "inProduction": show["status"] != "ended",
        "numberOfEpisodes": sum(count for _, count in show["seasons"].values()),
        "numberOfSeasons": len(show["seasons"]),
        "status": "Ended" if show["status"] == "ended" else "Returning Series",
        "type": "Scripted",
        "overview": f"{show['title']} follows its people.",
        "genres": [{"id": 18, "name": "Drama"}],
        "networks": [{"id": 1, "name": show["network"], "originCountry": "US", "logoPath": None}],
        "seasons": [
            {
                "id": show["tmdbId"] * 10 + number,
                "airDate": start.strftime("%Y-%m-%d"),
                "episodeCount": count,
                "name": f"Season {number}",
                "overview": "",
                "posterPath": f"/p{show['tmdbId']}s{number}.jpg",
                "seasonNumber": number,
            }
            for number, (start, count) in show["seasons"].items()
        ],
        "externalIds": {"tvdbId": show["tvdbId"], "imdbId": show["imdbId"]},
    }


def jellyseerr_basic() -> dict[str, Any]:
    """Jellyseerr requests for the three shows, a pending one, and a movie."""
    harbor, hoshi, meridian = SHOWS
    media = [
        _media(
            11,
            media_type="tv",
            tmdb_id=harbor["tmdbId"],
            tvdb_id=harbor["tvdbId"],
            imdb_id=harbor["imdbId"],
            status=3,
            seasons={1: 3},
            sonarr_id=1,
            slug="harbor-lights",
            jellyfin=jellyfin_id(harbor["tvdbId"]),
            created=story_iso("2026-11-20T21:58:30.000Z"),
        ),
        _media(
            12,
            media_type="tv",
            tmdb_id=hoshi["tmdbId"],
            tvdb_id=hoshi["tvdbId"],
            imdb_id=hoshi["imdbId"],
            status=4,
            seasons={1: 5, 2: 4},
            sonarr_id=2,
            slug="hoshi-no-kakera",
            jellyfin=jellyfin_id(hoshi["tvdbId"]),
            created=story_iso("2025-04-01T09:12:00.000Z"),
        ),
        _media(
            13,
            media_type="tv",
            tmdb_id=meridian["tmdbId"],
            tvdb_id=meridian["tvdbId"],
            imdb_id=meridian["imdbId"],
            status=5,
            seasons={1: 5},
            sonarr_id=3,
            slug="quiet-meridian",
            jellyfin=jellyfin_id(meridian["tvdbId"]),
            created=story_iso("2024-05-02T19:40:00.000Z"),
        ),
        _media(
            14,
            media_type="tv",
            tmdb_id=250311,
            tvdb_id=451200,
            imdb_id="tt33445566",
            status=2,
            seasons={1: 2},
            created=story_iso("2026-11-19T17:03:00.000Z"),
        ),
        _media(
            15,
            media_type="movie",
            tmdb_id=987654,
            imdb_id="tt27654321",
            status=5,
            created=story_iso("2026-10-02T11:00:00.000Z"),
        ),
    ]
    by_id = {m["id"]: m for m in media}
    requests = [
        _request(
            5,
            by_id[11],
            status=2,
            user=_MARIA,
            seasons={1: 2},
            created=story_iso("2026-11-20T21:58:30.000Z"),
        ),
        _request(
            4,
            by_id[14],
            status=1,
            user=_MARIA,
            seasons={1: 1},
            created=story_iso("2026-11-19T17:03:00.000Z"),
        ),
        _request(
            3,
            by_id[15],
            status=5,
            user=_ADMIN,
            seasons={},
            created=story_iso("2026-10-02T11:00:00.000Z"),
        ),
        _request(
            2,
            by_id[12],
            status=2,
            user=_ADMIN,
            seasons={1: 2, 2: 2},
            created=story_iso("2025-04-01T09:12:00.000Z"),
        ),
        _request(
            1,
            by_id[13],
            status=5,
            user=_ADMIN,
            seasons={1: 5},
            created=story_iso("2024-05-02T19:40:00.000Z"),
        ),
    ]
    tv = [_tv_details(show) for show in SHOWS]
    tv.append(
        {
            "id": 250311,
            "name": "Copper Canyon",
            "originalName": "Copper Canyon",
            "firstAirDate": "2027-01-15",
            "numberOfEpisodes": 10,
            "numberOfSeasons": 1,
            "seasons": [{"id": 2503111, "seasonNumber": 1, "episodeCount": 10, "name": "Season 1"}],
            "externalIds": {"tvdbId": 451200, "imdbId": "tt33445566"},
        }
    )
    return {
        "status": {
            "version": "2.7.3",
            "commitTag": "v2.7.3",
            "updateAvailable": False,
            "commitsBehind": 0,
            "restartRequired": False,
        },
        "users": [_ADMIN, _MARIA],
        "media": media,
        "requests": requests,
        "tv": tv,
    }


# -- Shoko --------------------------------------------------------------------------------


def _shoko_series(shoko_id: int, anidb_id: int, name: str, episodes: int, on_disk: int) -> Any:
    return {
        "IDs": {
            "ID": shoko_id,
            "ParentGroup": shoko_id,
            "TopLevelGroup": shoko_id,
            "AniDB": anidb_id,
            "TvDB": [SHOWS[1]["tvdbId"]],
            "IMDB": [],
            "TMDB": {"Movie": [], "Show": [SHOWS[1]["tmdbId"]]},
            "TraktTv": [],
            "MAL": [],
        },
        "Name": name,
        "HasCustomName": False,
        "Description": f"{name}: stars fall, fragments remain.",
        "Size": on_disk,
        "AirsOn": ["Sunday"],
        "Links": [],
        "Created": story_iso("2025-04-06T18:00:00Z"),
        "Updated": story_iso("2026-11-21T08:10:00Z"),
        "Sizes": {
            "Hidden": 0,
            "FileSources": {"Unknown": 0, "Web": on_disk, "BluRay": 0},
            "Local": {"Episodes": on_disk, "Specials": 0, "Credits": 0, "Trailers": 0},
            "Watched": {"Episodes": 0, "Specials": 0},
            "Total": {"Episodes": episodes, "Specials": 0, "Credits": 0, "Trailers": 0},
        },
    }


def _shoko_episodes(
    series_id: int, anidb_id: int, first_absolute: int, count: int, on_disk: int
) -> Any:
    result = []
    for number in range(1, count + 1):
        absolute = first_absolute + number - 1
        episode: dict[str, Any] = {
            "IDs": {
                "ID": series_id * 100 + number,
                "ParentSeries": series_id,
                "AniDB": anidb_id * 100 + number,
                "TvDB": [9_002_000 + absolute],
                "TMDB": {"Episode": [], "Movie": [], "Show": []},
            },
            "Name": f"Fragment {absolute}",
            "Duration": "00:23:40",
            "ResumePosition": None,
            "Watched": None,
            "WatchCount": 0,
            "IsHidden": False,
            "Size": 1 if number <= on_disk else 0,
            "AniDB": {"ID": anidb_id * 100 + number, "Type": "Normal", "EpisodeNumber": number},
        }
        if number <= on_disk:
            episode["Files"] = [
                {
                    "ID": series_id * 1000 + number,
                    "Size": 1_452_109_824,
                    "Locations": [
                        {
                            "ImportFolderID": 1,
                            "RelativePath": (
                                "Hoshi no Kakera/[SubsPlease] Hoshi no Kakera - "
                                f"{absolute:02d} (1080p).mkv"
                            ),
                            "IsAccessible": True,
                        }
                    ],
                }
            ]
        result.append(episode)
    return result


def shoko_basic() -> dict[str, Any]:
    """Shoko's view of the anime: AniDB splits its two seasons into two series."""
    return {
        "version": {
            "Server": {
                "Version": "5.3.3.0",
                "ReleaseChannel": "Stable",
                "Commit": "6b1c2f0",
                "Tag": "v5.3.3",
                "ReleaseDate": story_iso("2026-06-01T00:00:00Z"),
            },
            "WebUI": {"Version": "2.4.0", "ReleaseChannel": "Stable"},
        },
        "users": [{"ID": 1, "Username": "admin", "Password": "shoko-admin", "IsAdmin": True}],
        "series": [
            _shoko_series(12, 17890, "Hoshi no Kakera", 12, 12),
            _shoko_series(13, 18234, "Hoshi no Kakera (2026)", 8, 5),
        ],
        "episodes": _shoko_episodes(12, 17890, 1, 12, 12) + _shoko_episodes(13, 18234, 13, 8, 5),
    }
