"""The deadline colours (amber at risk, red late; on time has no badge, so the list shows through) and the
analytics charts' series colours, for people with the commonest colour-vision deficiencies, on light and dark
lists: told apart from each other and from the list, visible on it, and their text readable."""

import itertools

import pytest
from PySide6.QtGui import QColor, QPalette

from repair_desktop.ui.shell.theme import dark_palette
from repair_desktop.ui.widgets.badges import BADGE_COLOURS, badge_text_colour
from repair_desktop.ui.workload.analytics_values import ANALYTICS_COLOURS
from support.colour_vision import VISIONS, contrast, distance

#: The list (and chart panel) behind a badge or a bar: the light style's base, and the dark palette's.
BACKGROUNDS = {"light": "#ffffff", "dark": dark_palette().color(QPalette.ColorRole.Base).name()}
STATES = ("at_risk", "late")
#: As in test_badge_colours: CIEDE2000 that reads as different at a glance, and WCAG 2 AA contrasts.
APART = 15.0
READABLE = 4.5
#: WCAG 2.1 (1.4.11) for a graphical object against what is next to it.
VISIBLE = 3.0
#: Series drawn side by side in one chart.
CHART_PAIRS = (("estimated", "took"), ("available", "booked"), ("respond", "resolve"))


def edge(colour: str) -> str:
    """The badge's outline, as the delegate draws it."""
    return QColor(colour).darker(140).name()


@pytest.mark.parametrize("vision", VISIONS)
@pytest.mark.parametrize("background", BACKGROUNDS)
def test_late_at_risk_and_on_time_are_told_apart(vision, background):
    on_time = BACKGROUNDS[background]
    colours = {state: BADGE_COLOURS[state] for state in STATES} | {"on_time": on_time}
    close = [(a, b, round(distance(colours[a], colours[b], vision), 1))
             for a, b in itertools.combinations(colours, 2) if distance(colours[a], colours[b], vision) < APART]
    assert not close, f"look alike for {vision} on {background}: {close}"


@pytest.mark.parametrize("background", BACKGROUNDS)
def test_every_deadline_badge_stands_out_from_the_list(background):
    behind = BACKGROUNDS[background]
    faint = {state: round(max(contrast(BADGE_COLOURS[state], behind), contrast(edge(BADGE_COLOURS[state]), behind)), 2)
             for state in STATES
             if max(contrast(BADGE_COLOURS[state], behind), contrast(edge(BADGE_COLOURS[state]), behind)) < VISIBLE}
    assert not faint


def test_deadline_badge_text_is_readable():
    assert all(contrast(BADGE_COLOURS[s], badge_text_colour(BADGE_COLOURS[s])) >= READABLE for s in STATES)


@pytest.mark.parametrize("vision", VISIONS)
def test_chart_series_that_share_a_chart_are_told_apart(vision):
    close = [(a, b) for a, b in CHART_PAIRS if distance(ANALYTICS_COLOURS[a], ANALYTICS_COLOURS[b], vision) < APART]
    assert not close, f"look alike for {vision}: {close}"


@pytest.mark.parametrize("background", BACKGROUNDS)
def test_chart_series_stand_out_from_the_panel(background):
    faint = {name: round(contrast(colour, BACKGROUNDS[background]), 2) for name, colour in ANALYTICS_COLOURS.items()
             if contrast(colour, BACKGROUNDS[background]) < VISIBLE}
    assert not faint
