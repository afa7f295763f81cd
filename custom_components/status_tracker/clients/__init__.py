"""Thin async clients for the media stack; no Home Assistant imports (the session is injected)."""

from .errors import ApiError, CannotConnect, ClientError, Forbidden, InvalidAuth, IpBanned

__all__ = ["ApiError", "CannotConnect", "ClientError", "Forbidden", "InvalidAuth", "IpBanned"]
