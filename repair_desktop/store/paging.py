"""Keyset paging: the next page starts after the last row's sort key, so page 5,000 costs what page 1 costs.

A cursor is the tuple of the last row's sort values plus its id (the tie-break).
OFFSET would make scrolling to the end of a million rows quadratic.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import ColumnElement, Select, and_, or_
from sqlalchemy.orm import Session

R = TypeVar("R")

PAGE_SIZE = 200


@dataclass(frozen=True)
class Page(Generic[R]):
    rows: list[R]
    next_cursor: tuple | None  # hand back to get the next page; None when this was the last


def after_clause(keys: Sequence[ColumnElement[Any]], cursor: tuple, descending: bool) -> ColumnElement[bool]:
    """``(k1, k2, ...) > cursor`` spelled out as OR/AND, which both engines plan with the index."""
    clauses = []
    for i, key in enumerate(keys):
        earlier = [k == v for k, v in zip(keys[:i], cursor[:i])]
        beyond = key < cursor[i] if descending else key > cursor[i]
        clauses.append(and_(*earlier, beyond))
    return or_(*clauses)


def keyset_page(s: Session, stmt: Select, keys: Sequence[ColumnElement[Any]], descending: bool,
                after: tuple | None, limit: int, to_row: Callable[[Any], R]) -> Page[R]:
    """Run ``stmt`` ordered by ``keys`` (the last being the id) for one page after ``after``."""
    labelled = [k.label(f"_k{i}") for i, k in enumerate(keys)]
    stmt = stmt.add_columns(*labelled)
    if after is not None:
        stmt = stmt.where(after_clause(keys, after, descending))
    stmt = stmt.order_by(*(k.desc() if descending else k.asc() for k in keys)).limit(limit + 1)
    results = s.execute(stmt).all()
    more = len(results) > limit
    results = results[:limit]
    cursor = tuple(results[-1][-len(keys):]) if more and results else None
    return Page([to_row(r) for r in results], cursor)
