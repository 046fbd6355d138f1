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


def database_url(cli_url: str | None) -> str:
    """``--db`` > ``$REPAIR_DESKTOP_DB`` > the Database dialog's choice on this PC > the default file."""
    return cli_url or os.environ.get("REPAIR_DESKTOP_DB") or configured_db_url() or default_db_url()
