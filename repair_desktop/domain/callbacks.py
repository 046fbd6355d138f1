"""Callback job numbers: unique, human-readable, and telling the year the job came in."""


def job_number(year: int, callback_id: int) -> str:
    """``CB-2026-00042``: the shop's local year when the callback was created, and its id."""
    return f"CB-{year}-{callback_id:05d}"
