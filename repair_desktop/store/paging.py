"""Keyset paging: the next page starts after the last row's sort key, so page 5,000 costs what page 1 costs.

A cursor is the tuple of the last row's sort values plus its id (the tie-break).
OFFSET would make scrolling to the end of a million rows quadratic.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import BindParameter, ColumnElement, Select, and_, func, or_, select
from sqlalchemy.orm import Session

R = TypeVar("R")

PAGE_SIZE = 200


@dataclass(frozen=True)
class Page(Generic[R]):
    rows: list[R]
    next_cursor: tuple | None  # hand back to get the next page; None when this was the last


def after_clause(keys: Sequence[ColumnElement[Any]], cursor: tuple, descending: bool) -> ColumnElement[bool]:
    """``(k1, k2, ...) > cursor`` spelled out as OR/AND, plus ``k1 >= c1`` on its own.

    The OR says exactly which rows come after; the redundant bound on the first
    key is what lets the planner start the index scan at the cursor instead of
    at the top, when the keys span two tables (sorting by customer: name, then
    the appointment's customer and id).
    """
    clauses = []
    for i, key in enumerate(keys):
        earlier = [k == v for k, v in zip(keys[:i], cursor[:i])]
        beyond = key < cursor[i] if descending else key > cursor[i]
        clauses.append(and_(*earlier, beyond))
    first = keys[0] <= cursor[0] if descending else keys[0] >= cursor[0]
    return and_(first, or_(*clauses)) if len(keys) > 1 else or_(*clauses)


def keyset_parts(s: Session, parts: Sequence[tuple[Select, Sequence[ColumnElement[Any]]]], descending: bool,
                 after: tuple | None, limit: int, to_row: Callable[[Any], R], *, ids: Select | None = None,
                 few: bool = False, id_keys: Sequence[ColumnElement[Any]] | None = None) -> Page[R]:
    """One page of a list made of ``parts`` that follow one another in the sort order, each ``(stmt, keys)``.

    Every row of a part sorts before every row of the next, and each part's keys
    compute the same values (written so that its own index serves it), or a
    constant (``literal_column``) where the whole part has one value: a list
    that one query can't read in index order is read as two that can.

    ``ids``, when the filters and keys need no other table (or only the one
    table a key is in, joined to it), selects the job's id with those filters,
    and the parts' statements hold only the columns and joins: the page's ids
    are chosen there first (an index of that table covers the sort) and only
    they are joined. Otherwise a status
    filter matching 14,000 jobs joined all 14,000, with their customers,
    vehicles and counts, before sorting them to keep 200.

    ``few`` says the filters of ``ids`` leave few rows (a search's candidates): they are read first and then
    sorted. PostgreSQL otherwise walks the sort's index testing each row against them, expecting the first
    page early; for 1,600 candidates among 1,000,000 appointments it read 540,000 rows (39 ms, where reading
    the 1,600 and sorting them takes 3).

    ``id_keys``, when given, are the keys ``ids`` is sorted by: columns of its own tables holding the same values
    as ``keys`` (a search table's copy of the customer's name), so the page's ids are chosen without a join.
    """
    results: list = []
    for stmt, keys in (reversed(parts) if descending else parts):
        wanted = limit + 1 - len(results)
        after_cursor = [after_clause(keys, after, descending)] if after is not None else []
        ordering = _ordering(keys, descending)
        if ids is not None:  # the filters and the cursor are in ``ids``, checked there once
            chosen_by = keys if id_keys is None else id_keys
            chosen_after = [after_clause(chosen_by, after, descending)] if after is not None else []
            stmt = stmt.where(keys[-1].in_(_chosen(ids.where(*chosen_after), chosen_by, descending, few)
                                           .limit(wanted)))
        else:
            stmt = stmt.where(*after_cursor)
        stmt = stmt.add_columns(*(k.label(f"_k{i}") for i, k in enumerate(keys)))
        results += s.execute(stmt.order_by(*ordering).limit(wanted)).all()
        if len(results) > limit:
            break
    more = len(results) > limit
    results = results[:limit]
    width = len(parts[0][1])
    cursor = tuple(results[-1][-width:]) if more and results else None
    return Page([to_row(r) for r in results], cursor)


def _chosen(ids: Select, keys: Sequence[ColumnElement[Any]], descending: bool, few: bool) -> Select:
    """``ids`` in the sort order of ``keys``; when ``few``, read whole before they are sorted (``OFFSET 0`` keeps
    the planner from merging the two, which would bring the walk along the sort's index back)."""
    if not few:
        return ids.order_by(*_ordering(keys, descending))
    fenced = ids.add_columns(*(k.label(f"_f{i}") for i, k in enumerate(keys))).offset(0).subquery()
    return select(fenced.c[0]).order_by(*_ordering([fenced.c[f"_f{i}"] for i in range(len(keys))], descending))


def _ordering(keys: Sequence[ColumnElement[Any]], descending: bool) -> list:
    """ORDER BY terms for ``keys`` (a constant orders nothing)."""
    return [k.desc() if descending else k.asc() for k in keys if not _constant(k)]


def _constant(key: ColumnElement[Any]) -> bool:
    """Whether ``key`` is one value for the whole part: written into the SQL, or bound."""
    return getattr(key, "is_literal", False) or isinstance(key, BindParameter)


def reaches(s: Session, stmt: Select, count: int) -> bool:
    """Whether ``stmt`` has at least ``count`` rows, reading no more than that many."""
    return (s.scalar(select(func.count()).select_from(stmt.limit(count).subquery())) or 0) >= count
