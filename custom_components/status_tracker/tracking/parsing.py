"""How the correlator calls the release parser: injected, memoised per run, never fatal.

The parser is a dependency (``ReleaseParser``) so tests can pass their own and so this package
does not bind to ``release.parse_release`` at import time. Within one correlation each distinct
(name, anime hint) is parsed once; a parser that raises on some name costs that name only (it is
treated as saying nothing) and is reported as a problem.
"""

from __future__ import annotations

from typing import Protocol, cast

from . import release
from .release import ReleaseInfo


class ReleaseParser(Protocol):
    """``parse_release``'s signature: a name (title or file path) and the anime hint."""

    def __call__(self, name: str, /, *, anime: bool | None = None) -> ReleaseInfo:
        """Parse one release title or file name."""
        ...  # pragma: no cover - protocol


def _knows_nothing(name: str, /, *, anime: bool | None = None) -> ReleaseInfo:
    """Stand-in while ``release.parse_release`` does not exist: a name that says nothing."""
    del anime
    return ReleaseInfo(title=name)


def default_parser() -> ReleaseParser:
    """``release.parse_release`` when the module has it, else a parser that knows nothing.

    Looked up at call time (not import time) so the real parser is used as soon as it exists.
    """
    parser: ReleaseParser | None = getattr(release, "parse_release", None)
    return parser if parser is not None else _knows_nothing


class MemoParser:
    """One correlation's view of the parser: memoised, and exceptions become problems."""

    __slots__ = ("_cache", "_parse", "problems")

    def __init__(self, parse: ReleaseParser) -> None:
        """Wrap ``parse``; ``problems`` collects the names it failed on."""
        self._parse = parse
        self._cache: dict[tuple[str, bool | None], ReleaseInfo] = {}
        self.problems: list[str] = []

    def __call__(self, name: str, anime: bool | None) -> ReleaseInfo:
        """Parse ``name`` once per (name, hint); a failing or misbehaving parser says nothing."""
        key = (name, anime)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        result: object
        try:
            # Typed as object: whatever the parser returns is checked below.
            result = cast(object, self._parse(name, anime=anime))
        except Exception as err:  # a parser bug must cost one name, not the whole run
            self.problems.append(f"parser failed on {name!r}: {type(err).__name__}")
            result = None
        if not isinstance(result, ReleaseInfo):
            if result is not None:
                self.problems.append(f"parser returned {type(result).__name__} for {name!r}")
            result = ReleaseInfo(title=name)
        self._cache[key] = result
        return result
