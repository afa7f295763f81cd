"""The demo: a real Home Assistant over the simulated stack (scripts/demo, browser tests)."""
