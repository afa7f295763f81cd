"""Jellyseerr (and Seerr) API v1 payloads: requests, media, users, status codes."""

from __future__ import annotations

from typing import TypedDict

# MediaRequestStatus (server/constants/media.ts); COMPLETED exists from v2.6.0.
REQUEST_PENDING = 1
REQUEST_APPROVED = 2
REQUEST_DECLINED = 3
REQUEST_FAILED = 4
REQUEST_COMPLETED = 5

# MediaStatus; DELETED exists from v2.6.0.
MEDIA_UNKNOWN = 1
MEDIA_PENDING = 2
MEDIA_PROCESSING = 3
MEDIA_PARTIALLY_AVAILABLE = 4
MEDIA_AVAILABLE = 5
MEDIA_BLOCKLISTED = 6
MEDIA_DELETED = 7


class JellyseerrStatus(TypedDict, total=False):
    """GET /api/v1/status."""

    version: str
    commitTag: str
    updateAvailable: bool
    commitsBehind: int


class JellyseerrUser(TypedDict, total=False):
    """requestedBy / auth/me."""

    id: int
    displayName: str
    username: str
    jellyfinUsername: str
    email: str


class JellyseerrSeason(TypedDict, total=False):
    """A season of a request or of a media item."""

    id: int
    seasonNumber: int
    status: int
    status4k: int


class JellyseerrMedia(TypedDict, total=False):
    """Media entity; `id` is Jellyseerr's own id, not the TMDB id."""

    id: int
    mediaType: str
    tmdbId: int
    tvdbId: int
    imdbId: str
    status: int
    status4k: int
    seasons: list[JellyseerrSeason]
    externalServiceId: int
    externalServiceSlug: str
    jellyfinMediaId: str


class JellyseerrRequest(TypedDict, total=False):
    """MediaRequest entity (the OpenAPI schema omits `seasons`; the server sends it)."""

    id: int
    status: int
    type: str
    is4k: bool
    createdAt: str
    updatedAt: str
    media: JellyseerrMedia
    seasons: list[JellyseerrSeason]
    requestedBy: JellyseerrUser
