"""Realistic demo data: a busy shop for trying the program, or millions of rows for measuring it.

``fill_demo(store)`` gives a shop whose board looks like a real working day:
eight technicians finishing 18-24 jobs a weekday for the last nine months, work
done up to the hour the demo is made and in hand right now, the coming week
planned, time off, and callbacks waiting in every priority.
``fill_demo(store, scale=1_000_000)`` writes that many appointments (about a
tenth as many callbacks, a fifth as many customers) in under a minute for a million on SQLite.

The data obeys every rule the store enforces, because the UI and the tests
trust it: each status change has its StatusEvent (a permitted move by a
permitted person, timestamps rising, the row's status equal to the last
event's), no technician holds more active jobs than the capacity limit (so
only a handful of recent rows are active; history is completed or cancelled,
the future scheduled), and callbacks only exist for customers whose
maintenance contract covers the day.

Why it bypasses the ORM: a million appointments mean five million rows, and
SQLAlchemy's per-value type processing alone costs more than the database's
own work (measured: ~6 µs a row). So every row is a plain tuple, generated in
order from one seeded random stream (same seed and clock, same shop), with
timestamps already in the text UTCDateTime stores (checked against the column
type on every run), and ids handed out here, so events point at their rows
without a round trip. One write transaction takes it all: multi-row INSERTs
on SQLite, COPY on PostgreSQL, secondary indexes (and PostgreSQL's foreign
keys) rebuilt once at the end, while a helper (a thread, or for a big shop a
process) makes the next batch.

The package uses the store (its tables, engine and clock); the store never imports it:

- ``shop``: the plan (sizes), the calendar, timestamps as stored, the random stream;
- ``people``: staff, customers and their vehicles, maintenance contracts;
- ``stories``, ``appointments``, ``callbacks``: each job's life as history steps, and its row;
- ``concerns``: what cars come in for, and the estimate each kind of job is booked for;
- ``workdays``: the default shop's days laid out on its technicians' plans, and their time off;
- ``writer``: the bulk writers for SQLite and PostgreSQL;
- ``search_lines``: the search tables' lines, read as their rows land (SQLite) or written in one statement
  each after the load (PostgreSQL);
- ``search_builder``: SQLite's search indexes built in a scratch file on the second core, then copied in;
- ``ahead``: every batch in write order, made in a helper thread or process a batch ahead of the writer;
- ``fill``: ``fill_demo``, which writes what ``ahead`` makes.
"""

from .fill import fill_demo
from .shop import DemoSignIn

__all__ = ["fill_demo", "DemoSignIn"]
