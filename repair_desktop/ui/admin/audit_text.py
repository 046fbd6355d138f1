"""Audit lines as the record's page shows them: when, who, and what changed from what to what."""

from collections.abc import Iterable

from ...domain.statuses import Role
from ...store.audit import AuditEntry

#: How a field reads in a sentence.
FIELD_NAMES = {"name": "name", "role": "role", "active": "access", "pin": "PIN", "phone": "phone",
               "email": "e-mail", "address": "address", "make": "make", "model": "model", "plate": "plate",
               "year": "year", "vin": "VIN", "capacity_limit": "capacity limit", "shop_name": "shop name",
               "ends_on": "end date", "cancelled": "cancelled",
               "opening_hours": "opening hours"}


def _value(field: str, value: str | None) -> str:
    if value is None:
        return "none"
    if field == "role":
        return Role(value).label
    if field == "active":
        return "active" if value == "True" else "deactivated"
    return value


def audit_line(entry: AuditEntry) -> str:
    """One line: "01 Dec 09:12  Maria Manager changed role: Technician → Front desk"."""
    who = entry.actor_name or "The first manager"
    when = f"{entry.at.astimezone():%d %b %Y %H:%M}"
    if entry.field == "created":
        return f"{when}  {who} added {entry.new}"
    if entry.field == "pin":
        what = {None: "cleared the PIN", "set": "set a PIN", "changed": "changed the PIN"}[entry.new]
        return f"{when}  {who} {what}"
    name = FIELD_NAMES.get(entry.field, entry.field)
    return f"{when}  {who} changed {name}: {_value(entry.field, entry.old)} → {_value(entry.field, entry.new)}"


def audit_text(entries: Iterable[AuditEntry]) -> str:
    """The record's history, oldest first, one line each (or a word saying there is none)."""
    lines = [audit_line(e) for e in entries]
    return "\n".join(lines) if lines else "No changes recorded yet."
