"""Diagnostics: what a pasted bug report may show (the full document is in test_services)."""

from __future__ import annotations

from custom_components.status_tracker.diagnostics import redact_config


def test_credentials_in_urls_and_secrets_are_redacted() -> None:
    """Keys, passwords and a URL's login go; the rest, even an unparsable URL, stays."""
    config = {
        "sonarr": {"url": "http://admin:hunter2@sonarr.local:8989", "api_key": "k" * 32},
        "jellyfin": {"url": "http://[not-a-url", "api_key": "j" * 32},
        "qbittorrent": {"url": "http://127.0.0.1:8080", "username": "u", "password": "p"},
        "webhook_id": "abc",
    }
    redacted = redact_config(config)
    assert redacted["sonarr"]["url"] == "http://**REDACTED**@sonarr.local:8989"
    assert redacted["jellyfin"]["url"] == "http://[not-a-url"
    assert redacted["qbittorrent"]["url"] == "http://127.0.0.1:8080"
    assert "hunter2" not in repr(redacted)
    for secret in ("k" * 32, "j" * 32, "abc"):
        assert secret not in repr(redacted)
