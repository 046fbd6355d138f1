"""The callback detail panel's technicians and history, read in one statement."""

from sqlalchemy import event

from repair_desktop.store import Store
from support.panel_checks import check_panel_matches_separate_reads


def test_the_panel_is_what_the_separate_reads_give(store: Store):
    check_panel_matches_separate_reads(store)


def test_the_panel_is_one_statement(store: Store):
    job = check_panel_matches_separate_reads(store)
    sent = []
    event.listen(store.read_engine, "before_cursor_execute", lambda *args: sent.append(args[2]))
    panel = store.callback_panel(job)
    assert len(panel.technicians) == 2 and len(panel.timeline) >= 4
    assert len(sent) == 1
