"""How a list of jobs (appointments or callbacks) is read a page at a time: filters, search, sort and row shape.

Both job lists work the same way, so one ``Listing`` per kind holds what
differs (its row type and query, its filter's conditions, its search table and
sorts) and decides the rest:

- a sort whose keys are all in the job's own table chooses the page's ids
  there first (an index walk that stops after a page), then joins the names;
- a sort by another table's column reads that table first (``LeadingJoin``)
  unless the filter leaves few rows, which are then read and sorted instead;
- a search's few candidates are read whole and sorted before the page's ids
  are chosen (joining only the table of the sort's key, if any): walking the
  sort's index and testing each row against them reads far more rows;
- on PostgreSQL, a search sorted by customer, vehicle or time chooses the page
  in the search table, whose lines carry those keys (migration 0017); by
  customer or vehicle, a filter that keeps too many rows to read is checked on
  each line's job;
- a search with a filter that keeps few rows (the open jobs) reads those rows
  and checks the words on each: whatever the sort, that costs what reading
  them costs, where a walk must find rows that match both;
- a search too common to read its candidates, sorted by a key whose values
  repeat in blocks (an appointment's concern), reads the blocks whose key holds
  the words when they are all the matches (``blocks``).

Rows are built from a slice of the query's row, not by name: a page of 200 rows
in a quarter of the time. The query's columns must therefore be the row type's
fields in order; that is checked once, when a listing is made, so a column added
to one and not the other fails at import, not with shifted values.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields, replace
from typing import Any, Generic, TypeVar

from sqlalchemy import ColumnElement, Integer, Select, case, cast, func, literal, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import operators
from sqlalchemy.sql.elements import UnaryExpression
from sqlalchemy.types import TypeEngine

from .base import StoreBase
from .paging import Page, keyset_parts, reaches
from .search import CANDIDATE_CAP, Narrowing, SearchIndex, search_words

R = TypeVar("R")
#: One part of a page's query: the statement (before filtering) and its sort keys, ending in the id.
Part = tuple[Select, list[ColumnElement]]
#: A filter that keeps fewer rows than this, with a search, drives: its rows are read and the words checked;
FILTER_DRIVES = 30_000
#: ... when they are also under one in this many of the jobs (ids are dense: the highest one counts them).
FILTER_SHARE = 10
#: With a search, a filter keeping under this share of the jobs (a technician's, the cancelled) but too many to
#: read thins a walk along the list's order by as much: the search's candidates are read further instead
#: (``THINNED_CAP``). The share is estimated from ``FILTER_PROBES`` jobs spread evenly over the ids.
THINNING_SHARE = 0.5
FILTER_PROBES = 200
#: How a filter's condition names its column: as it is, where an index may serve it...
Column = Callable[[ColumnElement], ColumnElement]


def indexed(column: ColumnElement) -> ColumnElement:
    return column


def unindexed(column: ColumnElement) -> ColumnElement:
    """... or (SQLite) behind a unary plus, which keeps SQLite's planner from reading the filter's index: the
    list's own order, or the search's candidates, are read instead and the filter checked on each row."""
    return UnaryExpression(column, operator=operators.custom_op("+"), type_=column.type)


@dataclass(frozen=True)
class Listing(Generic[R]):
    noun: str  # "appointment" | "callback", for the refusal when there is no such job
    row: type[R]
    job_id: ColumnElement[int]
    rows_query: Callable[[tuple | None], Select]  # every column of a row; read a leading table first when given
    #: What a filter asks for, its search text aside, its equalities naming their columns through ``Column``.
    conditions: Callable[[Any, Column], list[ColumnElement[bool]]]
    search: SearchIndex
    sorts: dict[str, list[ColumnElement]]  # sort name -> keys before the id tie-break
    leading: dict[str, tuple]  # sort name -> (another table, the job's key to it)
    #: Parts of a page sorted by another table's column, read that table first; None: one part with ``rows_query``.
    leading_parts: Callable[[Session, str, list[ColumnElement], tuple | None, bool], list[Part]] | None = None
    #: PostgreSQL: sort name -> the search table's columns (name, type) holding that sort's keys (migration 0017).
    search_keys: dict[str, tuple[tuple[str, TypeEngine], ...]] = field(default_factory=dict)
    #: The sort the filters' own indexes hold their jobs in (a status's or a technician's jobs by scheduled time).
    filter_order: str = ""
    #: The sorts an index of the filters' columns serves in order, where SQLite may read it (``_filter_column``).
    indexed_sorts: frozenset[str] = frozenset()
    #: A search's page read in blocks of one sort key each, when the search index finds too many lines to read:
    #: ``(session, sort, text, after, descending)`` -> the parts, or None (read as usual; ``concern_blocks``).
    blocks: Callable[[Session, str, str, tuple | None, bool], list[Part] | None] | None = None
    width: int = field(init=False)  # the row type's number of fields: the slice of a query row that makes one

    def __post_init__(self) -> None:
        names = [c.name for c in self.rows_query(None).selected_columns]
        assert names == [f.name for f in fields(self.row)], f"the rows query must list {self.row.__name__}'s fields"
        object.__setattr__(self, "width", len(names))

    def to_row(self, r: Sequence[Any]) -> R:
        return self.row(*r[:self.width])

    def one(self, s: Session, job_id: int) -> R:
        """One job's row; ``NotFound`` when there is no such job, or it was deleted."""
        row = s.execute(self.rows_query(None).where(self.job_id == job_id)).one_or_none()
        return self.to_row(StoreBase._found(row, job_id, self.noun))

    def page(self, s: Session, f: Any, sort: str, descending: bool, after: tuple | None, limit: int) -> Page[R]:
        keys = [*self.sorts[sort], self.job_id]
        drives, share = self._filter_reach(s, f, sort)
        thinned = share < THINNING_SHARE and sort != self.filter_order  # not in the order its own index holds
        if not drives and (by_keys := self._by_search_keys(s, f, sort, thinned)) is not None:
            ids, id_keys, few = by_keys
            return keyset_parts(s, [(self.rows_query(None), keys)], descending, after, limit, self.to_row,
                                ids=ids, few=few, id_keys=id_keys)
        if drives:  # its rows are read (the words checked on each) and sorted
            narrowed, few = None, True
        else:
            narrowed = self._narrowed(s, f, leading=sort in self.leading, thinned=thinned)
            few = narrowed is not None and narrowed.few
            blocks = (self.blocks(s, sort, f.text, after, descending)
                      if narrowed is None and self.blocks is not None and search_words(f.text) else None)
            if blocks is not None:
                # each part holds only matches: the filter is checked on each, along the sort's own index
                column = unindexed if s.get_bind().dialect.name == "sqlite" else indexed
                return keyset_parts(s, [(self._filtered(s, stmt, replace(f, text=""), None, column), k)
                                        for stmt, k in blocks], descending, after, limit, self.to_row)
        column = self._filter_column(s, f, drives, narrowed, sort)
        if sort not in self.leading or few:  # the page's ids chosen first, joining only the sort key's table if any
            chosen = select(self.job_id)
            if sort in self.leading:
                table, key = self.leading[sort]
                chosen = chosen.outerjoin(table, table.id == key)
            return keyset_parts(s, [(self.rows_query(None), keys)], descending, after, limit, self.to_row,
                                ids=self._filtered(s, chosen, f, narrowed, column),
                                few=few and (sort in self.leading or narrowed is None or not narrowed.dense))
        if not self._unselective(s, f):
            parts = [(self.rows_query(None), keys)]
        elif self.leading_parts is not None:
            parts = self.leading_parts(s, sort, keys, after, descending)
        else:
            parts = [(self.rows_query(self.leading[sort]), keys)]
        return keyset_parts(s, [(self._filtered(s, stmt, f, narrowed, column), k) for stmt, k in parts],
                            descending, after, limit, self.to_row)

    def _filter_column(self, s: Session, f: Any, drives: bool, narrowed: Narrowing | None, sort: str) -> Column:
        """SQLite: whether the filter's index may be read (``indexed``) or not (``unindexed``).

        It may when the filter's rows drive, when an index of its columns holds them in the list's order
        (``indexed_sorts``: a technician's part of the technician sort, a status's by status), and when the
        words are walked with no candidates (then reading the filter's rows, if it keeps few enough for the
        planner to choose that, is bounded: a technician's jobs searched for "check engine" by concern, 75 ms,
        where the concern's index meets them late, 395). Otherwise SQLite's planner took it whenever it could: the
        877,000 completed jobs read and sorted by concern (250 ms) where the concern's index finds a page of them
        in its first 230 rows, and read in scheduled order to test each against the 283 candidates of "smith
        ja" (100 ms) where looking those up takes 2. PostgreSQL prices both ways from its statistics."""
        few = narrowed is not None and narrowed.few
        if (drives or s.get_bind().dialect.name != "sqlite" or (sort in self.indexed_sorts and not few)
                or (narrowed is None and search_words(f.text))):
            return indexed
        return unindexed

    def _by_search_keys(self, s: Session, f: Any, sort: str,
                        thinned: bool) -> tuple[Select, list[ColumnElement], bool] | None:
        """PostgreSQL, a search sorted by a key its search lines carry: the page's ids chosen in the search table
        (``SearchIndex.by_keys``), or None. A filter that keeps many rows is checked on each line's job, by
        customer or vehicle; sorted by the job's own column the job's index is walked instead, the filter
        checked on each row before its line is read (through the search table "toyota da" among a technician's
        jobs read 240,000 lines: 174 ms, against 70)."""
        words, filtered = search_words(f.text), replace(f, text="") != type(f)()
        if (not words or sort not in self.search_keys or (filtered and sort not in self.leading)
                or s.get_bind().dialect.name != "postgresql"):
            return None
        ids, id_keys, few = self.search.by_keys(s, words, self.search_keys[sort], leading=sort in self.leading,
                                                thinned=thinned)
        if filtered:
            ids = ids.join(self.job_id.table, self.job_id == id_keys[-1]).where(*self.conditions(f, indexed))
        return ids, id_keys, few

    def count(self, s: Session, f: Any) -> int:
        return s.scalar(self._filtered(s, select(func.count(self.job_id)), f, self._narrowed(s, f))) or 0

    def _narrowed(self, s: Session, f: Any, leading: bool = False, thinned: bool = False) -> Narrowing | None:
        words = search_words(f.text)
        return self.search.narrow(s, self.job_id, words, leading, thinned) if words else None

    def _filtered(self, s: Session, stmt: Select, f: Any, narrowed: Narrowing | None,
                  column: Column = indexed) -> Select:
        """``stmt`` kept to the rows ``f`` selects; ``narrowed`` is the search index's say on its words (search.py)."""
        stmt = stmt.where(*self.conditions(f, column))
        if narrowed is not None:
            stmt = stmt.where(narrowed.condition)
        words = search_words(f.text)
        if words and not (narrowed is not None and narrowed.exact):
            stmt = stmt.where(self.search.contains_all(s, self.job_id, words))
        return stmt

    def _unselective(self, s: Session, f: Any) -> bool:
        """Whether the filter leaves so many rows that reading another table's index first beats sorting them."""
        plain = replace(f, text="")
        if plain == type(f)():
            return True
        return reaches(s, self._filtered(s, select(self.job_id), plain, None), CANDIDATE_CAP)

    def _filter_reach(self, s: Session, f: Any, sort: str) -> tuple[bool, float]:
        """Whether a filter keeps few rows, fewer than ``FILTER_DRIVES`` and a small share of the jobs (the open
        jobs, a customer's, a day's), so that its rows are read and sorted: what that costs is bounded; and, with
        a search, the share of the jobs it keeps (``THINNING_SHARE``; 1.0 when not asked).

        With a search, the words are checked on each of those rows, where the search index and the sort's walks
        cost what they cost without the filter and find fewer matches. Sorting the open jobs by customer while
        searching "toyota da" walked the customers and their 1,000,000 jobs for 201 of them (1.9 s on SQLite);
        reading the 14,000 open jobs took 11 ms. A filter keeping a quarter of the jobs (urgent callbacks) thins
        a walk little, and the search index's few candidates are cheaper to read than its rows.

        Without a search, unless the filter's index holds its rows in the list's order (``filter_order``): a
        walk along the sort's index meets the filter's rows where they happen to lie, and the open jobs are the
        newest. The open jobs by number from the first took 180 ms on PostgreSQL, by creation time 460, by
        technician from Z to A 800 on SQLite."""
        plain = replace(f, text="")
        searched = bool(search_words(f.text))
        if plain == type(f)() or (not searched and sort == self.filter_order):
            return False, 1.0
        # one statement: the filter's rows counted up to the smaller bound (the jobs' highest id, ids being
        # dense, or FILTER_DRIVES), and those of FILTER_PROBES jobs spread evenly over the ids
        top = select(func.coalesce(func.max(self.job_id), 0)).scalar_subquery()
        by_share = cast(top / FILTER_SHARE, Integer)
        bound = case((by_share < FILTER_DRIVES, by_share), else_=FILTER_DRIVES)
        kept = self._filtered(s, select(self.job_id), plain, None).limit(bound).subquery()
        probe = select(literal(1).label("k")).cte("probe", recursive=True)
        probe = probe.union_all(select((probe.c.k + 1).label("k")).where(probe.c.k < FILTER_PROBES))
        probed = self._filtered(s, select(func.count(self.job_id)), plain, None).where(
            self.job_id.in_(select(cast(probe.c.k * top / FILTER_PROBES, Integer))))
        count, least, hits = s.execute(select(select(func.count()).select_from(kept).scalar_subquery(), bound,
                                              probed.scalar_subquery() if searched else literal(FILTER_PROBES))
                                       ).one()
        return count < least, hits / FILTER_PROBES
