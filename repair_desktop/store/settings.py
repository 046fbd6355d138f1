"""Shop settings: the capacity limit and the shop's name, each a keyed row of the settings table.

Settings are the manager's, and every change is audited as a line of the
"settings" record (id 0) naming the key, the old and the new value.
``_write_setting`` is the one way a setting is written, for any key.
"""

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.errors import ValidationError
from ..domain.limits import clean_text
from .audit import AuditMixin
from .base import reads, writes
from .capacity import capacity
from .models import Setting
from .staff import MANAGERS

#: The capacity limit a manager may choose, in jobs per technician.
CAPACITY_RANGE = range(1, 11)
SHOP_NAME = "shop_name"


@dataclass(frozen=True)
class ShopSettings:
    shop_name: str  # "" until the shop names itself
    capacity_limit: int


class SettingsMixin(AuditMixin):
    @reads
    def capacity_limit(self, s: Session) -> int:
        return self._capacity(s)

    @writes
    def set_capacity_limit(self, s: Session, limit: int, actor: int) -> None:
        """Lowering the limit never takes jobs away; it only stops new ones for those above it."""
        self._authorize(s, actor, MANAGERS, "change the capacity limit")
        try:
            limit = int(limit)
        except (TypeError, ValueError):
            limit = 0  # not a number: refused with the range below
        if limit not in CAPACITY_RANGE:
            raise ValidationError(f"The capacity limit must be between {CAPACITY_RANGE.start} and "
                                  f"{CAPACITY_RANGE.stop - 1} jobs per technician.")
        self._write_setting(s, "capacity_limit", str(limit), actor)

    @reads
    def shop_name(self, s: Session) -> str:
        """The shop's name for the window's title and reports; "" until it is set."""
        return s.scalar(select(Setting.value).where(Setting.key == SHOP_NAME)) or ""

    @writes
    def set_shop_name(self, s: Session, name: str | None, actor: int) -> None:
        """None or blank clears it."""
        self._authorize(s, actor, MANAGERS, "rename the shop")
        self._write_setting(s, SHOP_NAME, clean_text(name, "shop's name"), actor)

    @reads
    def settings(self, s: Session) -> ShopSettings:
        """The settings the Shop settings dialog opens with, read together."""
        values = {key: value for key, value in s.execute(select(Setting.key, Setting.value))}
        return ShopSettings(values.get(SHOP_NAME, ""), capacity(values.get("capacity_limit")))

    def _write_setting(self, s: Session, key: str, value: str | None, actor: int,
                       shown: Callable[[str | None], str] | None = None) -> None:
        """Store ``value`` under ``key`` (None removes it) and audit the change; nothing when it is the same.

        ``shown`` turns a stored text into what the audit line says, for values kept in a machine form."""
        setting = s.get(Setting, key, with_for_update=True)
        old = setting.value if setting is not None else None
        if old == value:
            return
        if value is None:
            s.delete(setting)
        elif setting is None:
            s.add(Setting(key=key, value=value))
        else:
            setting.value = value
        s.flush()
        if shown is not None:
            old, value = shown(old), shown(value)
        self._audit(s, "settings", 0, actor, [(key, old, value)])
