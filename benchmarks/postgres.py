"""The PostgreSQL side of the benchmark: a private server whose cluster is kept in the cache, holding the demo database.

Building a million-appointment database takes minutes, so the cluster lives in
``benchmarks/.cache/postgres`` and each scale's database is named for the
scale and the schema (rebuilt when either changes, like the SQLite file). The
server runs only while the benchmark does, on a free port of 127.0.0.1.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import time
from collections.abc import Callable

import psycopg
from psycopg import sql
from sqlalchemy.engine import make_url

from .common import CACHE, ROOT, schema_key


def kept_server(log: Callable[[str], None] = print):
    """The cached private server, started; ``None`` (said why) when PostgreSQL is not installed here."""
    sys.path.insert(0, str(ROOT / "tests"))
    try:
        from pg_server import PgServer, PgServerError
    except ImportError:
        log("  PostgreSQL skipped: tests/pg_server.py not found")
        return None
    try:
        return PgServer.kept(CACHE / "postgres")
    except PgServerError as error:
        log(f"  PostgreSQL skipped: {error}")
        return None


def demo_database(server, scale: int, log: Callable[[str], None] = print) -> str:
    """The URL of a database on ``server`` holding ``repair-desktop demo --scale scale``, built once, vacuumed,
    and read into the server's buffers (``_warm``)."""
    url = _demo_database(server, scale, log)
    _warm(url)
    return url


#: What the windows read: everything but the history (status_events and its indexes: 700 MB at a million
#: appointments, read a job at a time), so it all fits the kept server's buffers.
_WARM = ("SELECT pg_prewarm(c.oid) FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace "
         "AND c.relkind IN ('r', 'i') AND c.relname NOT LIKE '%status_events%' ORDER BY pg_relation_size(c.oid)")


def _warm(url: str) -> None:
    """Read the demo's tables and indexes into the server's buffers, as a server that has served a shop for a
    while holds them. Right after a start its buffers are empty, and a search's first run copied thousands of
    pages in from the OS (``plum``: 45 ms for its candidates, 7 ms on the next run): that measures the restart,
    not the program. (``pg_prewarm`` ships with PostgreSQL, in its contrib modules, as ``pg_trgm`` does.)"""
    with psycopg.connect(**_connect_args(make_url(url)), autocommit=True) as connection:
        connection.execute("CREATE EXTENSION IF NOT EXISTS pg_prewarm")
        connection.execute(_WARM).fetchall()


def _demo_database(server, scale: int, log: Callable[[str], None]) -> str:
    prefix = f"demo_{scale}_"
    name = prefix + hashlib.sha1(schema_key().encode()).hexdigest()[:12]
    url = server.url.set(database=name)
    with psycopg.connect(**_connect_args(server.url), autocommit=True) as admin:
        names = [row[0] for row in admin.execute("SELECT datname FROM pg_database WHERE datname LIKE %s",
                                                 (prefix + "%",))]
        if name in names:
            return url.render_as_string(hide_password=False)
        for old in names:  # an older schema's copy, or a build that was cut short
            server.drop_database(old)
        building = prefix + "building"
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(building)))
        log(f"building the {scale:,}-appointment demo database on PostgreSQL (cached in {CACHE}) ...")
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "repair_desktop", "demo", "--scale", str(scale), "--db",
                        url.set(database=building).render_as_string(hide_password=False)],
                       check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
        log(f"  built in {time.perf_counter() - started:.0f} s; vacuuming ...")
        # A database a shop has used for a while has been vacuumed by autovacuum: visibility maps set (index-only
        # scans) and statistics current. Measuring a freshly loaded one would measure the load, not the program.
        # The first pass after the load left every page out of the visibility map (PostgreSQL 15, seen with
        # pg_visibility: 20,856 of 20,856 appointment pages), so each index-only scan read the table too
        # (counting 30,000 of a technician's jobs: 25 ms, 5 after a second pass); the second pass sets it.
        with psycopg.connect(**_connect_args(url.set(database=building)), autocommit=True) as fresh:
            fresh.execute("VACUUM (ANALYZE)")
            fresh.execute("VACUUM")
        admin.execute(sql.SQL("ALTER DATABASE {} RENAME TO {}").format(sql.Identifier(building),
                                                                       sql.Identifier(name)))
    return url.render_as_string(hide_password=False)


def _connect_args(url) -> dict:
    return {"host": url.host, "port": url.port, "user": url.username, "password": url.password,
            "dbname": url.database}
