"""Stateful fake Sonarr, Jellyfin, Jellyseerr and Shoko servers for tests and the demo.

Each fake is an ``aiohttp.web`` app on 127.0.0.1 in the running event loop, answering with the
real APIs' shapes (checked against the real OpenAPI files where there is one), keeping state
between calls, and able to misbehave on demand (see ``Behaviour``).
"""

from .base import Behaviour, FakeServer, RecordedRequest
from .jellyfin import FakeJellyfin
from .jellyseerr import FakeJellyseerr
from .shoko import FakeShoko
from .sonarr import FakeSonarr

__all__ = [
    "Behaviour",
    "FakeJellyfin",
    "FakeJellyseerr",
    "FakeServer",
    "FakeShoko",
    "FakeSonarr",
    "RecordedRequest",
]
