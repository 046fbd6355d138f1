"""The Workload tab reads off the GUI thread: while a slow read runs (a real store whose statements are held on
their way to the database, as a busy server holds them) the window answers and keeps the figures it had, and an
answer to an older question never replaces a newer one."""

from support.held_reads import event_loop_runs, held_reads


def tom(tab) -> str:
    return tab.model.index(1, 1).data()


def test_old_figures_stay_and_the_window_answers_while_a_slow_read_runs(qtbot, tab, shop):
    assert tom(tab) == "2/3" and tab.cards.values()["waiting"] == "1"
    with held_reads(shop.store) as gate:
        shop.store.assign_technician(shop.appointments["brakes"], shop.tom.id, shop.desk.id)
        tab.refresh()
        event_loop_runs(qtbot, tab)  # the event loop runs on while the store is held
        tab.period.setFocus()  # and takes input
        assert tab.is_reading()
        assert tom(tab) == "2/3" and tab.cards.values()["waiting"] == "1"  # what it had, until the new figures come
        gate.set()
        qtbot.waitUntil(lambda: not tab.is_reading())
    assert tom(tab) == "3/3" and tab.cards.values()["waiting"] == "0"


def test_a_slow_answer_for_an_earlier_period_is_dropped(qtbot, tab, shop):
    periods = []
    tab.chart_data.changed.connect(lambda: periods.append(len(tab.chart_data.value("completedLabels"))))
    with held_reads(shop.store) as gate:
        tab.period.setCurrentText("Today")  # asked first, answered late
        tab.period.setCurrentText("This week")
        assert tab.is_reading()
        gate.set()
        qtbot.waitUntil(lambda: not tab.is_reading())
    assert len(tab.chart_data.value("completedLabels")) == 7
    assert 1 not in periods  # "Today" never reached the charts
