"""The badge palette: every pair of badges that can share a list is told apart at a glance, also by people with
the commonest colour-vision deficiencies, and every badge's text reads on it (docs/decisions.md, "Colours")."""

import itertools

import pytest

from repair_desktop.domain.statuses import AppointmentStatus, CallbackStatus, Priority
from repair_desktop.ui.widgets.badges import BADGE_COLOURS, badge_text_colour
from support.colour_vision import VISIONS, contrast, distance

#: Badges that can stand side by side: an appointment list's statuses; a callback row's status and priority;
#: a customer's contract states.
GROUPS = {
    "appointments": [s.value for s in AppointmentStatus],
    "callbacks": [s.value for s in CallbackStatus] + [p.value for p in Priority],
    "contracts": ["active", "expiring", "expired", "upcoming", "cancelled"],
}
#: CIEDE2000 below which two badges start to look alike at a glance (1 is just noticeable side by side; 10 is
#: the usual "clearly different"; the palette keeps at least 15 under every vision).
APART = 15.0
#: WCAG 2 AA for normal text.
READABLE = 4.5

PAIRS = sorted({(a, b) for keys in GROUPS.values() for a, b in itertools.combinations(keys, 2)})


def test_every_badge_has_a_colour():
    assert set(itertools.chain(*GROUPS.values())) <= set(BADGE_COLOURS)


@pytest.mark.parametrize("vision", VISIONS)
def test_badges_that_share_a_list_are_far_apart(vision):
    close = [(a, b, round(distance(BADGE_COLOURS[a], BADGE_COLOURS[b], vision), 1)) for a, b in PAIRS
             if distance(BADGE_COLOURS[a], BADGE_COLOURS[b], vision) < APART]
    assert not close, f"look alike for {vision}: {close}"


def test_badge_text_is_readable_on_every_badge():
    weak = {key: round(contrast(colour, badge_text_colour(colour)), 2) for key, colour in BADGE_COLOURS.items()
            if contrast(colour, badge_text_colour(colour)) < READABLE}
    assert not weak


def test_the_maths_matches_published_figures():
    """CIEDE2000 against Sharma et al.'s test data; WCAG contrast of black on white; a simulated deuteranope
    no longer tells pure red from a dark yellow-green that a trichromat sees as far apart."""
    from support.colour_vision import ciede2000

    assert ciede2000((50, 2.6772, -79.7751), (50, 0, -82.7485)) == pytest.approx(2.0425, abs=1e-4)
    assert ciede2000((50, 2.5, 0), (73, 25, -18)) == pytest.approx(27.1492, abs=1e-4)
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert distance("#ff0000", "#808000") > 20 > distance("#ff0000", "#808000", "deuteranopia")
