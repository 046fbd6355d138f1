"""A search sorted by concern, read block by block: jobs with the same concern sort together, and a block whose
concern holds every word is a block of matches.

A shop books the same few jobs over and over ("Oil change and filter", "Check
engine light on"), so sorted by concern the jobs stand in long blocks of one
text each. Searching a word of those texts and sorting by concern is the
worst case for a walk along the concern's index: the matches are whole blocks
somewhere along it, and the walk tests every job of the blocks before them.
At 1,000,000 appointments (48 texts, 21,000 jobs each) "oil" by concern took
590 ms on SQLite and 1.4 s on PostgreSQL, "check engine" from Z to A 740 ms and
1.7 s. Reading the lines that hold the words and sorting them instead costs
what they are: 42,000 to 64,000 lines, 80-120 ms on SQLite.

A block is known by its text alone: every job of a block whose concern holds
every word matches, whatever else its line holds. So the different concerns are
listed first, in the index's order, one index lookup each (a recursive query,
at most ``MOST_BLOCKS``), and those holding every word are kept. Only when no
other job holds the words are those blocks the whole answer, and that is
counted, not assumed: the lines holding the words (the search index's count;
on SQLite FTS5 folds case more widely than the rule, so its count can only be
higher) against the jobs of those blocks. Equal counts: the page is read block
by block, each block in id order from the concern's index, the filter checked
on each job. Otherwise (a customer named "Boiler" holds "oil" too; a word
held in a concern past its first 120 characters, which the key leaves out;
many different concerns, as where each is typed anew) the search is read as
any other.
"""

from collections.abc import Sequence
from sqlalchemy import Select, String, and_, func, literal, literal_column, or_, select
from sqlalchemy.orm import Session

from .listing import Part
from .models import CONCERN_SORT_CHARS, Appointment
from .search import SearchIndex, holds_every, search_words

#: A concern sorts by its first characters: the expression of its index (migration 0006), written into the SQL.
CONCERN_KEY = func.substr(Appointment.concern, literal_column("1"), literal_column(str(CONCERN_SORT_CHARS)))
#: With more different concerns than this the search is read as any other: blocks are then short, and the walk
#: along the concern's index meets matches soon enough.
MOST_BLOCKS = 200


def concern_blocks(s: Session, search: SearchIndex, text: str, after: tuple | None, descending: bool,
                   rows: Select) -> list[Part] | None:
    """The parts of a page searched for ``text`` and sorted by concern, one per block of matches (``rows``: the
    statement a part selects from), in the index's order; None when the blocks aren't the whole answer."""
    words = search_words(text)
    counted = search.count_holding(s, words)
    blocks = _keys_holding(s, words) if counted is not None else None
    held = [key for key, holds in blocks or () if holds]
    if not held:
        return None
    lines, in_blocks = s.execute(select(counted, select(func.count()).where(CONCERN_KEY.in_(held))
                                        .scalar_subquery())).one()
    if lines != in_blocks:
        return None
    if after is not None:
        if after[0] not in held:
            return None  # the list changed under the cursor: read as any other
        at = held.index(after[0])
        held = held[:at + 1] if descending else held[at:]
    return [(rows.where(CONCERN_KEY == key), [literal(key, String), Appointment.id]) for key in held]


def _keys_holding(s: Session, words: Sequence[str]) -> list[tuple[str, bool]] | None:
    """The different concern keys in the index's order, each with whether it holds every word; None when there are
    more than ``MOST_BLOCKS``.

    On PostgreSQL a key is lower-cased as the search line is, but lower() may read a letter by the next one (a
    Greek sigma at a word's end): a key cut mid-word outside ASCII is never taken as holding."""
    sqlite = s.get_bind().dialect.name == "sqlite"
    listed = select(func.min(CONCERN_KEY).label("k"), literal(1).label("n")).cte("blocks", recursive=True)
    following = select(CONCERN_KEY).where(CONCERN_KEY > listed.c.k).order_by(CONCERN_KEY).limit(1)
    listed = listed.union_all(select(following.scalar_subquery(), listed.c.n + 1)
                              .where(listed.c.k.is_not(None), listed.c.n <= MOST_BLOCKS))
    holds = and_(*holds_every(listed.c.k if sqlite else func.lower(listed.c.k), words, sqlite))
    if not sqlite:
        holds = and_(holds, or_(func.char_length(listed.c.k) < CONCERN_SORT_CHARS,
                                func.octet_length(listed.c.k) == func.char_length(listed.c.k)))
    found = s.execute(select(listed.c.k, holds).where(listed.c.k.is_not(None)).order_by(listed.c.n)).all()
    return None if len(found) > MOST_BLOCKS else [(k, bool(h)) for k, h in found]
