"""A join whose left table SQLite must read first, for sorting a million jobs by a column of another table.

Sorting appointments by customer name needs only the first page: read the
customers in name order (their index) and each one's appointments (the
appointments' customer index), and stop after 200 rows. SQLite's planner, not
weighing the LIMIT, starts from the appointments instead and sorts all of them
(3-5 s at 1,000,000). ``CROSS JOIN`` is SQLite's documented way to fix the
loop order; PostgreSQL plans the plain join well by itself and gets that.

Only worth it when nothing else narrows the rows: with a status filter or a
search the planner's choice (read the few matching rows, then sort) is better,
so the listings decide per query.
"""

from typing import Any

from sqlalchemy import Join
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler


class LeadingJoin(Join):
    """An inner join whose left side is the outer loop on SQLite."""

    inherit_cache = True


@compiles(LeadingJoin, "sqlite")
def _cross_join(join: LeadingJoin, compiler: SQLCompiler, **kw: Any) -> str:
    kw["asfrom"] = True
    return (f"{join.left._compiler_dispatch(compiler, **kw)} CROSS JOIN {join.right._compiler_dispatch(compiler, **kw)}"
            f" INDEXED BY {_index_for(join)} ON {join.onclause._compiler_dispatch(compiler, **kw)}")


def _index_for(join: LeadingJoin) -> str:
    """The right table's index on its join column (alone or then the id): each outer row's rows in id order.

    Named in the SQL because with a filter on another indexed column (the
    status) SQLite would otherwise scan that column's index once per customer.
    """
    on = join.onclause
    column = on.left if on.left.table is join.right else on.right
    for index in join.right.indexes:
        if [c.name for c in index.columns] in ([column.name], [column.name, "id"]):
            return index.name
    raise LookupError(f"no index on {join.right.name}.{column.name} to read it by")
