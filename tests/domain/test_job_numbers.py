"""Callback job numbers."""

from repair_desktop.domain.callbacks import job_number


def test_a_job_number_names_the_year_and_the_id_padded_to_five_digits():
    assert job_number(2026, 42) == "CB-2026-00042"
    assert job_number(2027, 123456) == "CB-2027-123456"
