"""The conftest's small shop, plus maintenance contracts and one callback in each state (for the callback tests).

=================  ========  =====================  ===========  ========================
callbacks[name]    priority  customer               status       technician
=================  ========  =====================  ===========  ========================
urgent             urgent    Alice, today 15:00     pending
tyres              low       Bob, tomorrow 10:00    pending
rattle             high      Alice, today 11:00     open         Tom (now at capacity: 3)
leak               medium    Bob, today 12:00       in progress  Tara
noise              medium    Alice, yesterday 9:00  resolved     Tara
wipers             low       Bob, today 9:00        cancelled
=================  ========  =====================  ===========  ========================

Contracts: Alice is covered for the year; Bob's contract ends in 10 days (so it is flagged); Carol's ended
20 days ago, so no callback can be created for her.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from repair_desktop.store import CallbackRow
from .ui_helpers import Shop, local


@dataclass
class CallbackShop:
    shop: Shop
    callbacks: dict[str, int] = field(default_factory=dict)

    def row(self, name: str) -> CallbackRow:
        return self.shop.store.callback(self.callbacks[name])

    def job(self, name: str) -> str:
        return self.row(name).job_number


def add_callbacks(shop: Shop) -> CallbackShop:
    s, today = shop.store, date.today()
    s.add_contract(shop.alice.id, today - timedelta(days=30), today + timedelta(days=300))
    s.add_contract(shop.bob.id, today - timedelta(days=300), today + timedelta(days=10))
    s.add_contract(shop.carol.id, today - timedelta(days=400), today - timedelta(days=20))
    c = CallbackShop(shop)

    def create(name, customer, when, description, priority, issue_type=None):
        c.callbacks[name] = s.create_callback(customer.id, when, description, priority, shop.desk.id,
                                              issue_type=issue_type).id
        return c.callbacks[name]

    create("urgent", shop.alice, local(today, 15), "Brake warning light is back", "urgent", "Warning light")
    create("tyres", shop.bob, local(today + timedelta(days=1), 10), "Check tyre pressures", "low")
    s.claim_callback(create("rattle", shop.alice, local(today, 11), "Rattle from the front left", "high", "Noise"),
                     shop.tom.id)
    s.claim_callback(create("leak", shop.bob, local(today, 12), "Coolant leak after service", "medium", "Leak"),
                     shop.tara.id)
    s.start_callback(c.callbacks["leak"], shop.tara.id)
    noise = create("noise", shop.alice, local(today - timedelta(days=1), 9), "Squeak from the rear", "medium")
    s.claim_callback(noise, shop.tara.id)
    s.start_callback(noise, shop.tara.id)
    s.resolve_callback(noise, shop.tara.id)
    s.cancel_callback(create("wipers", shop.bob, local(today, 9), "Wipers smear", "low"), "Customer cancelled",
                      shop.desk.id)
    return c
