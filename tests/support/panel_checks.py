"""The callback detail panel's one read, checked against the separate reads it replaces, on any engine."""

from datetime import date, datetime, time, timedelta

from repair_desktop.store import Store


def check_panel_matches_separate_reads(store: Store) -> int:
    """At each step of a job's life the panel's technicians and history are what the two reads give; the job's id."""
    boss = store.add_employee("Boss", "manager").id
    desk = store.add_employee("Desk", "front_desk", actor=boss).id
    tom = store.add_employee("Tom Tech", "technician", actor=boss).id
    tara = store.add_employee("Tara Tech", "technician", actor=boss).id
    zed = store.add_employee("Abe Tech", "technician", actor=boss).id
    ann = store.add_customer("Ann").id
    store.add_contract(ann, date.today() - timedelta(days=10), date.today() + timedelta(days=100))
    job = store.create_callback(ann, datetime.combine(date.today(), time(15)), "A job", "medium", desk).id
    other = store.create_callback(ann, datetime.combine(date.today(), time(16)), "Another", "high", desk).id
    store.claim_callback(other, zed)  # another job's people and history stay out

    def check(technicians: list[str]) -> None:
        panel = store.callback_panel(job)
        assert panel.technicians == store.callback_technicians(job) == technicians
        assert panel.timeline == store.timeline("callback", job)

    check([])
    store.claim_callback(job, tom)
    check(["Tom Tech"])
    store.add_helper(job, tara, desk)
    store.add_helper(job, zed, desk)
    check(["Tom Tech", "Tara Tech", "Abe Tech"])  # helpers in the order they joined, not by name
    store.start_callback(job, tom)
    store.reassign_callback(job, tara, desk)
    check(["Tara Tech", "Abe Tech"])
    assert [e.action for e in store.callback_panel(job).timeline][-1] == "reassign_callback"
    return job
