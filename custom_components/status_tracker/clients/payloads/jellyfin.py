"""Jellyfin payloads: BaseItemDto and friends, PascalCase as Jellyfin sends them."""

from __future__ import annotations

from typing import TypedDict

# LocationType of an episode Jellyfin only knows from metadata (no file): not available.
LOCATION_VIRTUAL = "Virtual"


class JellyfinSystemInfo(TypedDict, total=False):
    """GET /System/Info."""

    Id: str
    ServerName: str
    Version: str
    ProductName: str


class JellyfinItem(TypedDict, total=False):
    """BaseItemDto: the fields this project asks for (PascalCase, as Jellyfin sends them)."""

    Id: str
    Name: str
    Type: str
    SeriesId: str
    SeriesName: str
    SeasonId: str
    ParentIndexNumber: int
    IndexNumber: int
    IndexNumberEnd: int
    LocationType: str
    Path: str
    ProviderIds: dict[str, str]
    ProductionYear: int


class _ItemsPage(TypedDict, total=False):
    """The envelope of item lists."""

    Items: list[JellyfinItem]
    TotalRecordCount: int
    StartIndex: int
