"""Browser tests of the dashboard card against the demo's real Home Assistant."""
