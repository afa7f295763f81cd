"""Shoko Server client (API v3): the authentication check."""

from __future__ import annotations

from typing import Any

import aiohttp

from .http import DEFAULT_TIMEOUT, HttpApi, expect_dict


class ShokoClient(HttpApi):
    """Shoko Server with an API key in the `apikey` header."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        url: str,
        api_key: str,
        *,
        verify_ssl: bool = True,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        """Keep the key for the header."""
        super().__init__(session, url, verify_ssl=verify_ssl, timeout=timeout)
        self._api_key = api_key

    def _headers(self) -> dict[str, str]:
        return {**super()._headers(), "apikey": self._api_key}

    async def check_auth(self) -> dict[str, Any]:
        """An authenticated call that answers 401 for a bad key: the current user."""
        path = "api/v3/User/Current"
        return expect_dict(path, await self._request("GET", path))
