"""Deletion: plan, verify; pure (no I/O, clock or Home Assistant), like ``tracking``.

The shell reads the inventory (``inventory.Readings`` says what), plans (``make_plan``),
executes the steps through the clients, reads again and verifies (``verify``). The safety rules
are ``rules``'s docstring table.
"""

from .inventory import Readings, build as build_inventory, torrent_hashes
from .model import (
    Action,
    Check,
    DeletionRequest,
    Episode,
    Inventory,
    Kept,
    Outcome,
    Place,
    Plan,
    Step,
    Verification,
)
from .plan import Refused, episode_codes, make_plan
from .rules import PROTECTION_TAG
from .selection import SelectionError
from .verify import verify

__all__ = [
    "PROTECTION_TAG",
    "Action",
    "Check",
    "DeletionRequest",
    "Episode",
    "Inventory",
    "Kept",
    "Outcome",
    "Place",
    "Plan",
    "Readings",
    "Refused",
    "SelectionError",
    "Step",
    "Verification",
    "build_inventory",
    "episode_codes",
    "make_plan",
    "torrent_hashes",
    "verify",
]
