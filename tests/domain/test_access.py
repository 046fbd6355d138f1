"""Which tabs each role is offered."""

from repair_desktop.domain.access import TABS, tabs_for
from repair_desktop.domain.statuses import Role


def test_technicians_see_their_jobs_but_not_the_workload():
    assert tabs_for(Role.TECHNICIAN) == ["appointments", "callbacks"]


def test_the_desk_and_the_manager_see_every_tab_in_order():
    assert tabs_for(Role.FRONT_DESK) == tabs_for(Role.MANAGER) == list(TABS)


def test_every_tab_is_offered_to_someone():
    assert all(roles for roles in TABS.values())
