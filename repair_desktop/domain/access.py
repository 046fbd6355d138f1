"""Which screens each role is offered: the window shows a tab only to the roles named here.

Hiding a tab is a convenience, not the guard: every change a screen offers is
checked again by the store against the acting employee's role.
"""

from .statuses import Role

#: Tab names (for ``--tab``) in the window's order, with the roles that see each.
TABS: dict[str, frozenset[Role]] = {
    "appointments": frozenset({Role.FRONT_DESK, Role.MANAGER, Role.TECHNICIAN}),
    "schedule": frozenset({Role.FRONT_DESK, Role.MANAGER}),
    "workload": frozenset({Role.FRONT_DESK, Role.MANAGER}),
    "callbacks": frozenset({Role.FRONT_DESK, Role.MANAGER, Role.TECHNICIAN}),
}


def tabs_for(role: Role) -> list[str]:
    """The tabs someone in ``role`` sees, in the window's order."""
    return [name for name, roles in TABS.items() if role in roles]
