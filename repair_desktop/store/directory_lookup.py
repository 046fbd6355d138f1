"""PostgreSQL: a page of the directory from the customers whose search line holds every word, sorted by name.

Used when the first customers by name hold too few matches (directory.py).
Two things made this slow at 200,000 customers (EXPLAIN ANALYZE, load 6-8 on two cores):

- Reading the list in name order and testing each customer's line stopped only after a page of matches:
  for "smith" that was 11,848 customers and as many lookups (236 ms), as the list is by first name. The
  candidates' names are read instead, one indexed lookup each, and the page is sorted from them (4,951
  candidates: 69 ms). ``count(*) OVER ()`` says in the same statement when the words are too common
  (``CANDIDATE_CAP`` candidates): then reading in name order is the faster way after all.
- pg_trgm can't look up a word shorter than a trigram, so two letters read every line (190-280 ms). A word
  of two letters or digits is looked up by the trigrams it starts instead: followed by a letter or digit,
  by punctuation or a space (which pg_trgm keeps as a word's end), or ending the line. Only a character
  outside printable ASCII can follow it otherwise, and the few lines holding one are listed by migration
  0015's partial index, so each word's condition is exactly ``LIKE '%word%'``: "sm" in 47 ms, "kx" in 3 ms.

One-letter words, and two characters that aren't letters or digits ("5-"), still read every line (their
LIKE is kept out of the index, which would read all its entries for them).
"""

from collections.abc import Sequence

from sqlalchemy import text
from sqlalchemy.orm import Session

from .search import CANDIDATE_CAP, TRIGRAM, _like_pattern

#: A line holding a character outside printable ASCII: the condition of migration 0015's partial index.
WIDE = "doc ~ '[^ -~]'"


def _holding_every_word(words: Sequence[str]) -> tuple[str, dict[str, str]]:
    """The condition on ``directory_search`` that its (lower-cased) line holds every word, and its parameters."""
    parts, params = [], {}
    for i, word in enumerate(words):
        params[f"w{i}"] = _like_pattern(word)
        holds = f"doc LIKE lower(:w{i}) ESCAPE '/'"
        pair = word.lower()
        if len(word) >= TRIGRAM:
            parts.append(holds)
        elif len(pair) == 2 and pair.isascii() and pair.isalnum():
            params[f"r{i}"], params[f"e{i}"] = f"{pair}([a-z0-9]|[[:punct:][:space:]])", f"%{pair}"
            parts.append(f"(doc ~ :r{i} OR doc LIKE :e{i} OR ({WIDE} AND {holds}))")
        else:
            parts.append(f"(doc || '') LIKE lower(:w{i}) ESCAPE '/'")  # ``|| ''``: a filter, not an index lookup
    return " AND ".join(parts), params


def matching_page(s: Session, words: Sequence[str], after: tuple | None,
                  limit: int) -> tuple[list[int], tuple | None] | None:
    """The ids of the page of customers holding every word after ``after`` (name, id), by name, and the cursor
    for the next page; None when the words are too common for this way."""
    holding, params = _holding_every_word(words)
    # The customers up to the cursor sort last rather than being left out, so that a row still says how many
    # candidates there were when none is left after the cursor.
    done = "false" if after is None else "(name, id) <= (:after_name, :after_id)"
    if after is not None:
        params.update(after_name=after[0], after_id=after[1])
    rows = s.execute(text(
        f"SELECT id, name, total, {done} AS done FROM (SELECT found.id, count(*) OVER () AS total, "
        "(SELECT c.name FROM customers c WHERE c.id = found.id) AS name "
        f"FROM (SELECT id FROM directory_search WHERE {holding} LIMIT :cap) AS found) AS named "
        f"ORDER BY done, name, id LIMIT :wanted"), {**params, "cap": CANDIDATE_CAP, "wanted": limit + 1}).all()
    if rows and rows[0].total >= CANDIDATE_CAP:
        return None
    rows = [r for r in rows if not r.done]
    more = len(rows) > limit
    rows = rows[:limit]
    return [r.id for r in rows], (rows[-1].name, rows[-1].id) if more else None
