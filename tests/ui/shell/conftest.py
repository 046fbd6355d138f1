"""Fixtures the window shell's tests share."""

import pytest

from repair_desktop.ui.shell import startup_checks


@pytest.fixture
def asked(monkeypatch):
    """Answers for the start-up dialog, in order; records (title, text, choice keys) of each question."""
    questions, answers = [], []

    def ask(parent, title, text, choices, icon=None):
        questions.append((title, text, [key for key, _ in choices]))
        return answers.pop(0)

    monkeypatch.setattr(startup_checks, "ask", ask)
    return questions, answers
