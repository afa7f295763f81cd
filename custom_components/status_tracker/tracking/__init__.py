"""Pure tracking core: release parsing, correlation, status. No I/O, clock or Home Assistant."""
