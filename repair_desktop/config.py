"""Where this PC keeps its data and settings, and which database the program opens.

Both the command line and the window read these, so they live apart from
either: the window never imports the command line, and admin subcommands never
import the window.
"""

import os
from pathlib import Path

ORGANIZATION, APPLICATION = "RepairDesktop", "repair-desktop"

#: The QSettings key holding this PC's chosen database (never with a password in it).
DATABASE_SETTING = "database/url"


def data_folder() -> Path:
    """The user's data folder for this program, as Qt names it on each platform."""
    from PySide6.QtCore import QCoreApplication, QStandardPaths

    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(APPLICATION)
    return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation))


def default_db_url() -> str:
    return f"sqlite:///{data_folder() / 'shop.db'}"


def settings():
    """This PC's settings (QSettings in the platform's usual place); tests replace this function."""
    from PySide6.QtCore import QSettings

    data_folder()  # sets the organization and application names QSettings() files itself under
    return QSettings()


def configured_db_url() -> str | None:
    """The database chosen in the Database dialog on this PC, if any."""
    value = settings().value(DATABASE_SETTING)
    return str(value) if value else None


def typed_db_url(cli_url: str | None) -> str | None:
    """``--db``, else ``$REPAIR_DESKTOP_DB``: an address someone typed, so a folder in it that does not exist is
    a typo to report rather than a folder to make (only the default data folder is made on first start)."""
    return cli_url or os.environ.get("REPAIR_DESKTOP_DB") or None


def database_url(cli_url: str | None) -> str:
    """``--db`` > ``$REPAIR_DESKTOP_DB`` > the Database dialog's choice on this PC > the default file."""
    return typed_db_url(cli_url) or configured_db_url() or default_db_url()
