"""Staff changes from two PCs at the same moment on PostgreSQL: the shop still keeps an active manager."""

import threading

from repair_desktop.domain.errors import DomainError
from repair_desktop.store import Store


def test_two_managers_demoting_each_other_at_once_leave_one_manager(pg_url):
    first, second = Store.open(pg_url), Store.open(pg_url)
    try:
        ann = first.add_employee("Ann Manager", "manager").id
        bob = first.add_employee("Bob Manager", "manager", actor=ann).id
        for _ in range(10):
            start, outcomes = threading.Barrier(2), []

            def demote(store: Store, who: int, actor: int) -> None:
                start.wait()
                try:
                    store.update_employee(who, actor, role="technician")
                    outcomes.append("demoted")
                except DomainError as error:
                    outcomes.append(type(error).__name__)

            racers = [threading.Thread(target=demote, args=(first, bob, ann)),
                      threading.Thread(target=demote, args=(second, ann, bob))]
            for racer in racers:
                racer.start()
            for racer in racers:
                racer.join(30)
            assert outcomes.count("demoted") == 1, outcomes
            [manager] = first.employees(role="manager")
            other = bob if manager.id == ann else ann
            first.update_employee(other, manager.id, role="manager")  # both managers again for the next round
    finally:
        first.close()
        second.close()
