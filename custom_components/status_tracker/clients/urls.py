"""URL checks shared by the config flow and setup."""

from __future__ import annotations

from yarl import URL


def parse_service_url(value: str) -> URL | None:
    """Return the URL when it is an absolute http(s) URL with a host, else None."""
    try:
        url = URL(value.strip())
    except ValueError:
        return None
    if url.scheme not in ("http", "https") or not url.host:
        return None
    return url


def normalize_url(value: str) -> str:
    """Canonical form used as the Sonarr unique id: scheme, host, explicit port, path.

    ``HTTP://Sonarr.local/sonarr/`` and ``http://sonarr.local:80/sonarr`` are the same Sonarr.
    Credentials, query and fragment are dropped: they do not identify the server.
    """
    url = parse_service_url(value)
    if url is None:
        raise ValueError("not an http(s) URL")
    path = url.path.rstrip("/")
    return f"{url.scheme}://{(url.host or '').lower()}:{url.port}{path}"
