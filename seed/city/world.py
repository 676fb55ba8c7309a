"""The synthetic world: all concept layers stacked into one object."""

from __future__ import annotations

from seed.city.records import _Records


class _World(_Records):
    """Everything derivable from ``(seed, n_persons, n_orgs)``, computed on demand.

    Its methods come from the layers it stacks (see ``seed.city.base``): persons,
    organizations, roles, consents, record values, listings and record streams.
    """
