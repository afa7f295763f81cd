"""Jellyseerr's source: the request list (who asked for which seasons)."""

from __future__ import annotations

from datetime import timedelta
from typing import Final

from custom_components.status_tracker.clients.jellyseerr import JellyseerrClient
from custom_components.status_tracker.clients.payloads.jellyseerr import JellyseerrRequest

from .base import SourceCoordinator

INTERVAL: Final = timedelta(seconds=30)


class JellyseerrSource(SourceCoordinator[list[JellyseerrRequest]]):
    """Polls the request list."""

    client: JellyseerrClient

    async def _async_fetch(self) -> list[JellyseerrRequest]:
        return await self.client.requests()
