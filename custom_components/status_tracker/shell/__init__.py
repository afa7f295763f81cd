"""The Home Assistant shell's inner modules: sources, storage, events, issues, views, Sonarr push.

The integration's root keeps only the modules Home Assistant looks for (``coordinator``,
``sensor``, ``config_flow`` …); everything else that talks to Home Assistant lives here. It uses
``clients/`` and ``tracking/``; neither of them uses it (see docs/architecture.md).
"""
