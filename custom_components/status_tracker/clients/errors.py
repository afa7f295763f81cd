"""Errors raised by every client; the Home Assistant shell maps them to flows and setup results."""

from __future__ import annotations


class ClientError(Exception):
    """Base of every error a client raises. Messages never contain keys or passwords."""


class CannotConnect(ClientError):
    """The service could not be reached, timed out, or answered with a 5xx."""


class InvalidAuth(ClientError):
    """The service refused the credentials (API key, username or password)."""


class IpBanned(ClientError):
    """qBittorrent banned this IP after too many failed logins; retrying only extends the ban."""


class Forbidden(ClientError):
    """Refused for a reason credentials do not fix: a 403 that a fresh login does not lift.

    Typically a reverse proxy's rule or a permission of the service (qBittorrent's "bypass
    authentication" or IP filter), not the user name and password.
    """


class ApiError(ClientError):
    """The service answered, but with an unexpected status or a body the API does not define."""

    def __init__(self, endpoint: str, status: int | None, detail: str) -> None:
        """Name the endpoint and status so a log line says where it went wrong."""
        self.endpoint = endpoint
        self.status = status
        where = f"{endpoint} (HTTP {status})" if status is not None else endpoint
        super().__init__(f"{where}: {detail}")
