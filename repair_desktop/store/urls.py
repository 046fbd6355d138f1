"""Database URLs taken apart and put together, so that windows can show and edit them without SQLAlchemy.

A URL is what ``Store.open`` takes: ``sqlite:///path/to/shop.db`` for a file on
this PC, ``postgresql+psycopg://user:password@host:5432/database`` for a server.
"""

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

SERVER_DRIVER = "postgresql+psycopg"
DEFAULT_PORT = 5432


@dataclass(frozen=True)
class DatabaseAddress:
    """Where a database is: a SQLite file (``database`` is its path) or a PostgreSQL server."""

    backend: str  # "sqlite", "postgresql", or another SQLAlchemy backend name the program doesn't serve
    database: str | None = None
    host: str | None = None
    port: int | None = None
    user: str | None = None
    password: str | None = None

    @classmethod
    def parse(cls, url: str) -> "DatabaseAddress | None":
        """The parts of ``url``; None when it isn't a database URL at all."""
        try:
            parsed = make_url(url)
        except ArgumentError:
            return None
        password = parsed.password
        return cls(parsed.get_backend_name(), parsed.database, parsed.host, parsed.port, parsed.username,
                   None if password is None else str(password))

    @classmethod
    def file(cls, path: str | Path) -> "DatabaseAddress":
        """A SQLite file (``~`` is the user's home folder)."""
        return cls("sqlite", str(Path(path).expanduser()))

    @classmethod
    def server(cls, host: str | None, port: int | None, database: str | None, user: str | None,
               password: str | None = None) -> "DatabaseAddress":
        """A PostgreSQL database; empty texts count as not given."""
        return cls("postgresql", database or None, host or None, port, user or None, password or None)

    @property
    def is_sqlite(self) -> bool:
        return self.backend == "sqlite"

    def url(self, *, with_password: bool = True) -> str:
        """The URL ``Store.open`` takes; ``with_password=False`` for what may be written down (settings)."""
        if self.is_sqlite:
            return f"sqlite:///{self.database or ''}"
        password = self.password if with_password else None
        return URL.create(SERVER_DRIVER, username=self.user, password=password, host=self.host, port=self.port,
                          database=self.database).render_as_string(hide_password=False)
