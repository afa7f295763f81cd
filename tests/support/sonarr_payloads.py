"""Sonarr webhook payloads as Sonarr v4 sends them, shared by the parser and endpoint tests.

Shapes from ``src/NzbDrone.Core/Notifications/Webhook/`` (Newtonsoft: camelCase properties,
nulls omitted, ``eventType`` PascalCase, other enums camelCase).
"""

from __future__ import annotations

from typing import Any

from custom_components.status_tracker.clients.payloads.sonarr_webhook import SonarrWebhookEpisode

SERIES: dict[str, Any] = {
    "id": 12,
    "title": "Frieren: Beyond Journey's End",
    "titleSlug": "frieren-beyond-journeys-end",
    "path": "/tv/Frieren - Beyond Journey's End",
    "tvdbId": 424536,
    "tvMazeId": 68542,
    "tmdbId": 209867,
    "imdbId": "tt22248376",
    "type": "anime",
    "year": 2023,
    "genres": ["Adventure", "Animation", "Anime", "Fantasy"],
    "images": [
        {
            "coverType": "poster",
            "url": "/MediaCover/12/poster.jpg?lastWrite=638650000000000000",
            "remoteUrl": "https://artworks.thetvdb.com/banners/v4/series/424536/posters/1.jpg",
        }
    ],
    "tags": ["anime", "jellyseerr"],
    "originalLanguage": {"id": 8, "name": "Japanese"},
}


def _episode(episode_id: int, number: int, title: str) -> dict[str, Any]:
    return {
        "id": episode_id,
        "episodeNumber": number,
        "seasonNumber": 1,
        "title": title,
        "overview": "The party's journey continues.",
        "airDate": "2023-09-29",
        "airDateUtc": "2023-09-29T15:00:00Z",
        "seriesId": 12,
        "tvdbId": 9_800_000 + number,
    }


EPISODES = [
    _episode(1001, 1, "The Journey's End"),
    _episode(1002, 2, "It Didn't Have to Be Magic..."),
    _episode(1003, 3, "Killing Magic"),
]
HASH = "4F2A9C3B7D1E5F60718293A4B5C6D7E8F9012345"

GRAB: dict[str, Any] = {
    "series": SERIES,
    "episodes": EPISODES,
    "release": {
        "quality": "WEBDL-1080p",
        "qualityVersion": 1,
        "releaseGroup": "SubsPlease",
        "releaseTitle": "[SubsPlease] Sousou no Frieren (01-03) (1080p) [Batch]",
        "indexer": "Nyaa.si (Prowlarr)",
        "size": 4_294_967_296,
        "customFormatScore": 0,
        "customFormats": [],
        "languages": [{"id": 8, "name": "Japanese"}],
    },
    "downloadClient": "qBittorrent",
    "downloadClientType": "qBittorrent",
    "downloadId": HASH,
    "customFormatInfo": {"customFormats": [], "customFormatScore": 0},
    "eventType": "Grab",
    "instanceName": "Sonarr",
    "applicationUrl": "https://sonarr.example.net",
}


def _episode_file(file_id: int, number: int) -> dict[str, Any]:
    relative = f"Season 01/Frieren - S01E{number:02d} - [WEBDL-1080p].mkv"
    return {
        "id": file_id,
        "relativePath": relative,
        "path": f"/tv/Frieren - Beyond Journey's End/{relative}",
        "quality": "WEBDL-1080p",
        "qualityVersion": 1,
        "releaseGroup": "SubsPlease",
        "sceneName": f"[SubsPlease] Sousou no Frieren - {number:02d} (1080p) [ABCDEF01]",
        "size": 1_431_655_765,
        "dateAdded": "2024-11-03T18:22:41.1234567Z",
        "languages": "Japanese",
        "mediaInfo": {
            "audioChannels": 2,
            "audioCodec": "AAC",
            "audioLanguages": ["jpn"],
            "height": 1080,
            "width": 1920,
            "subtitles": ["eng"],
            "videoCodec": "h264",
            "videoDynamicRange": "",
            "videoDynamicRangeType": "",
        },
        "sourcePath": (
            "/downloads/complete/[SubsPlease] Sousou no Frieren (01-03) (1080p) [Batch]/"
            f"[SubsPlease] Sousou no Frieren - {number:02d} (1080p) [ABCDEF01].mkv"
        ),
    }


# One message per imported file (WebhookImportPayload).
DOWNLOAD_FILE: dict[str, Any] = {
    "series": SERIES,
    "episodes": [EPISODES[1]],
    "episodeFile": _episode_file(501, 2),
    "isUpgrade": False,
    "downloadClient": "qBittorrent",
    "downloadClientType": "qBittorrent",
    "downloadId": HASH,
    "customFormatInfo": {"customFormats": [], "customFormatScore": 0},
    "release": {
        "releaseTitle": "[SubsPlease] Sousou no Frieren (01-03) (1080p) [Batch]",
        "indexer": "Nyaa.si (Prowlarr)",
        "size": 4_294_967_296,
        "releaseType": "seasonPack",
    },
    "eventType": "Download",
    "instanceName": "Sonarr",
    "applicationUrl": "",
}

# An upgrade: the same shape with the replaced file(s) and their recycle-bin paths.
DOWNLOAD_UPGRADE: dict[str, Any] = {
    **DOWNLOAD_FILE,
    "episodes": [EPISODES[0]],
    "episodeFile": _episode_file(510, 1),
    "isUpgrade": True,
    "downloadId": "AB" * 20,
    "deletedFiles": [
        {
            **_episode_file(401, 1),
            "quality": "HDTV-720p",
            "recycleBinPath": "/recycle/Frieren - S01E01 - [HDTV-720p].mkv",
        }
    ],
    "release": {"releaseTitle": "Frieren S01E01 1080p", "releaseType": "singleEpisode"},
}

# One message for the whole download (WebhookImportCompletePayload), Sonarr 4.0.x+.
DOWNLOAD_COMPLETE: dict[str, Any] = {
    "series": SERIES,
    "episodes": EPISODES,
    "episodeFiles": [_episode_file(501 + i, i + 1) for i in range(3)],
    "downloadClient": "qBittorrent",
    "downloadClientType": "qBittorrent",
    "downloadId": HASH,
    "release": {
        "releaseTitle": "[SubsPlease] Sousou no Frieren (01-03) (1080p) [Batch]",
        "indexer": "Nyaa.si (Prowlarr)",
        "size": 4_294_967_296,
        "releaseType": "seasonPack",
    },
    "fileCount": 3,
    "sourcePath": "/downloads/complete/[SubsPlease] Sousou no Frieren (01-03) (1080p) [Batch]",
    "destinationPath": "/tv/Frieren - Beyond Journey's End",
    "eventType": "Download",
    "instanceName": "Sonarr",
    "applicationUrl": "",
}

EPISODE_FILE_DELETE: dict[str, Any] = {
    "series": SERIES,
    "episodes": [EPISODES[2]],
    "episodeFile": {k: v for k, v in _episode_file(503, 3).items() if k != "sourcePath"},
    "deleteReason": "manual",
    "eventType": "EpisodeFileDelete",
    "instanceName": "Sonarr",
    "applicationUrl": "",
}

SERIES_DELETE: dict[str, Any] = {
    "series": SERIES,
    "deletedFiles": True,
    "eventType": "SeriesDelete",
    "instanceName": "Sonarr",
    "applicationUrl": "",
}

SERIES_ADD: dict[str, Any] = {
    "series": SERIES,
    "eventType": "SeriesAdd",
    "instanceName": "Sonarr",
    "applicationUrl": "",
}

RENAME: dict[str, Any] = {
    "series": SERIES,
    "renamedEpisodeFiles": [
        {
            "previousRelativePath": "Season 01/frieren.s01e01.mkv",
            "previousPath": "/tv/Frieren - Beyond Journey's End/Season 01/frieren.s01e01.mkv",
            **_episode_file(501, 1),
        }
    ],
    "eventType": "Rename",
    "instanceName": "Sonarr",
    "applicationUrl": "",
}

MANUAL_INTERACTION: dict[str, Any] = {
    "series": SERIES,
    "episodes": EPISODES,
    "downloadInfo": {
        "quality": "WEBDL-1080p",
        "qualityVersion": 1,
        "title": "[SubsPlease] Sousou no Frieren (01-03) (1080p) [Batch]",
        "size": 4_294_967_296,
    },
    "downloadClient": "qBittorrent",
    "downloadClientType": "qBittorrent",
    "downloadId": HASH,
    "downloadStatus": "Warning",
    "downloadStatusMessages": [
        {"title": "One or more episodes expected in this release were not imported", "messages": []}
    ],
    "customFormatInfo": {"customFormats": [], "customFormatScore": 0},
    "release": {"releaseTitle": "[SubsPlease] Sousou no Frieren (01-03) (1080p) [Batch]"},
    "eventType": "ManualInteractionRequired",
    "instanceName": "Sonarr",
    "applicationUrl": "",
}

# WebhookBase.BuildTestPayload, as API_NOTES gives it (nulls omitted).
TEST: dict[str, Any] = {
    "series": {
        "id": 1,
        "title": "Test Title",
        "path": "C:\\testpath",
        "tvdbId": 1234,
        "tags": ["test-tag"],
    },
    "episodes": [{"id": 123, "episodeNumber": 1, "seasonNumber": 1, "title": "Test title"}],
    "eventType": "Test",
    "instanceName": "Sonarr",
    "applicationUrl": "",
}

HEALTH: dict[str, Any] = {
    "level": "warning",
    "message": "Indexers unavailable due to failures: Nyaa.si (Prowlarr)",
    "type": "IndexerStatusCheck",
    "wikiUrl": "https://wiki.servarr.com/sonarr/system#indexers-are-unavailable-due-to-failures",
    "eventType": "Health",
    "instanceName": "Sonarr",
}

VALID_PAYLOADS: list[dict[str, Any]] = [
    GRAB,
    DOWNLOAD_FILE,
    DOWNLOAD_UPGRADE,
    DOWNLOAD_COMPLETE,
    EPISODE_FILE_DELETE,
    SERIES_DELETE,
    SERIES_ADD,
    RENAME,
    MANUAL_INTERACTION,
    TEST,
]

FRIEREN_EPISODES = (
    SonarrWebhookEpisode(1001, 1, 1, "The Journey's End"),
    SonarrWebhookEpisode(1002, 1, 2, "It Didn't Have to Be Magic..."),
    SonarrWebhookEpisode(1003, 1, 3, "Killing Magic"),
)
