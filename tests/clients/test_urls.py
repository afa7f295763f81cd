"""What counts as the same Sonarr: the unique id of an entry."""

from __future__ import annotations

import pytest

from custom_components.status_tracker.clients.urls import normalize_url, parse_service_url


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("http://Sonarr.LAN:8989/", "http://sonarr.lan:8989"),
        ("HTTP://sonarr.lan:8989", "http://sonarr.lan:8989"),
        ("http://sonarr.lan", "http://sonarr.lan:80"),
        ("https://sonarr.lan/", "https://sonarr.lan:443"),
        ("https://user:secret@example.com/sonarr/?x=1#top", "https://example.com:443/sonarr"),
        (" http://[::1]:8989/sonarr ", "http://::1:8989/sonarr"),
    ],
)
def test_normalize_url(given: str, expected: str) -> None:
    """Case, trailing slash, default port, credentials and query do not make another Sonarr."""
    assert normalize_url(given) == expected


@pytest.mark.parametrize(
    "value", ["", "sonarr.lan:8989", "ftp://sonarr.lan", "http://", "http://[::1", "mailto:a@b"]
)
def test_rejected_urls(value: str) -> None:
    """Anything but an absolute http(s) URL with a host is refused."""
    assert parse_service_url(value) is None
    with pytest.raises(ValueError, match="not an http"):
        normalize_url(value)
