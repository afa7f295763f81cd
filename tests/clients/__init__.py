"""Tests of the clients (real qBittorrent, fake servers for the others)."""
