"""PostgreSQL: a page of the directory from the customers whose search line holds every word, sorted by name.

Measured at 200,000 customers (EXPLAIN ANALYZE, load 6-8 on two cores):

- Words held by few customers are found through the index first: a 1 % sample of the search lines
  (``SearchIndex._sampled``, the same pages every time) says how many hold them, and under ``CANDIDATE_CAP`` the
  customers the index names are the answer, with no reading of the list first (that window of 2,000
  customers by name cost 25-35 ms a keystroke and, for a rare word, found no page).
- Reading the list in name order and testing each customer's line stops only after a page of matches: for
  "smith" that was 11,848 customers and as many lookups (236 ms), as the list is by first name. The
  candidates' names are read instead, one indexed lookup each, and the page is sorted from them (4,951
  candidates: 69 ms). ``count(*) OVER ()`` says in the same statement when the words are too common after all
  (``CANDIDATE_CAP`` candidates): then reading in name order is the faster way.
- The lines are found by ``lines_holding_pg``, the jobs' lookup: also one- and two-letter words, which pg_trgm
  can't look up itself, go through the index ("sm" 47 ms instead of 363 ms, "kx" 3 ms, "q" 2 ms instead of a
  pass over every line).
"""

from collections.abc import Sequence

from sqlalchemy import text
from sqlalchemy.orm import Session

from .search import CANDIDATE_CAP, DIRECTORY_SEARCH, SAMPLE_PERCENT, lines_holding_pg


def sampled_counts(s: Session, words: Sequence[str]) -> tuple[bool | None, list[int]]:
    """Whether the words are rare (held by fewer lines than ``CANDIDATE_CAP``, by the sample; None when the
    sample is empty, as it is for a small shop's few pages), and each word's count in the sample."""
    sampled, held, each = DIRECTORY_SEARCH._sampled(s, words)
    return (held * 100 / SAMPLE_PERCENT < CANDIDATE_CAP if sampled else None), each


def matching_page(s: Session, words: Sequence[str], sampled: Sequence[int], after: tuple | None,
                  limit: int) -> tuple[list[int], tuple | None] | None:
    """The ids of the page of customers holding every word after ``after`` (name, id), by name, and the cursor
    for the next page; None when the words are too common for this way. ``sampled``: each word's count in the
    sample, which picks the word the index looks up."""
    found, params = lines_holding_pg(DIRECTORY_SEARCH.table, words, sampled)
    # The customers up to the cursor sort last rather than being left out, so that a row still says how many
    # candidates there were when none is left after the cursor.
    done = "false" if after is None else "(name, id) <= (:after_name, :after_id)"
    if after is not None:
        params.update(after_name=after[0], after_id=after[1])
    rows = s.execute(text(
        f"SELECT id, name, total, {done} AS done FROM (SELECT found.id, count(*) OVER () AS total, "
        "(SELECT c.name FROM customers c WHERE c.id = found.id) AS name "
        f"FROM ({found} LIMIT :cap) AS found) AS named "
        f"ORDER BY done, name, id LIMIT :wanted"), {**params, "cap": CANDIDATE_CAP, "wanted": limit + 1}).all()
    if rows and rows[0].total >= CANDIDATE_CAP:
        return None
    rows = [r for r in rows if not r.done]
    more = len(rows) > limit
    rows = rows[:limit]
    return [r.id for r in rows], (rows[-1].name, rows[-1].id) if more else None
