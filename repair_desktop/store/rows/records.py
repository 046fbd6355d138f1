"""Plain frozen records of one table's row: what store methods hand back instead of ORM objects.

A record has a field for every mapped column of its table, under the column's
name, built from the table's mapping when this module is imported. A column
added to a table in ``models.py`` (with its migration) is therefore readable on
the record with no edit here. What callers must not see is named in ``hidden``
(an employee's PIN hash: the record says ``has_secret`` instead), and a record
may add fields worked out from the row (``computed``) and methods of its own.

No ORM object leaves the store: ``@writes`` and ``@reads`` pass whatever a
method returns through ``plain`` after its transaction has committed (so the
version a flush wrote is the one the record carries). A method written later
gets the same for free; it may go on returning its ORM object.
"""

from collections.abc import Callable
from dataclasses import make_dataclass
from datetime import date
from typing import Any, get_args

from sqlalchemy import inspect

from ...domain.contracts import covers

from ..models import Appointment, Base, Callback, Customer, Employee, MaintenanceContract, StatusEvent, Vehicle

_MAKERS: dict[type, Callable[[Any], Any]] = {}
#: Each model's record class and the names of its fields that are columns, in the mapping's order: for a record
#: built from a row read without the ORM (a workflow move's job, ``store.base``).
RECORDS: dict[type, tuple[type, tuple[str, ...]]] = {}


def _column_type(model: type[Base], key: str) -> Any:
    """The Python type inside the column's ``Mapped[...]`` annotation (``object`` when it can't be read)."""
    for cls in model.__mro__:
        annotation = vars(cls).get("__annotations__", {}).get(key)
        if annotation is not None:
            inner = get_args(annotation)
            return inner[0] if inner else object
    return object


def _record(name: str, model: type[Base], doc: str, *, hidden: tuple[str, ...] = (),
            computed: dict[str, tuple[type, Callable[[Any], Any]]] | None = None,
            methods: dict[str, Callable] | None = None) -> type:
    """A frozen dataclass named ``name`` with ``model``'s columns (less ``hidden``) and ``computed`` fields."""
    computed = computed or {}
    keys = [c.key for c in inspect(model).column_attrs if c.key not in hidden]
    fields = [(key, _column_type(model, key)) for key in keys] + [(k, t) for k, (t, _) in computed.items()]
    record = make_dataclass(name, fields, frozen=True, slots=True,
                            namespace={"__doc__": doc, "__module__": __name__, **(methods or {})})

    def make(row: Any) -> Any:
        values = {key: getattr(row, key) for key in keys}
        values.update((k, work_out(row)) for k, (_, work_out) in computed.items())
        return record(**values)

    _MAKERS[model] = make
    RECORDS[model] = (record, tuple(keys))
    return record


def plain(value: Any) -> Any:
    """``value`` with an ORM object, or a list of them, turned into records; anything else as it is."""
    make = _MAKERS.get(type(value))
    if make is not None:
        return make(value)
    if isinstance(value, list) and value and type(value[0]) in _MAKERS:
        return [_MAKERS[type(item)](item) for item in value]
    return value


def _is_active_on(self, day: date) -> bool:
    return covers(self.starts_on, self.ends_on, self.cancelled, day)


EmployeeRecord = _record(
    "EmployeeRecord", Employee, "An employee: name, role, whether active, and whether a PIN is set (never its hash).",
    hidden=("secret_hash",), computed={"has_secret": (bool, lambda e: e.secret_hash is not None)})
CustomerRecord = _record("CustomerRecord", Customer, "A customer as stored.")
VehicleRecord = _record("VehicleRecord", Vehicle, "A vehicle as stored.")
ContractRecord = _record("ContractRecord", MaintenanceContract, "A maintenance contract as stored.",
                         methods={"is_active_on": _is_active_on})
AppointmentRecord = _record("AppointmentRecord", Appointment, "An appointment as stored, with its version.")
CallbackRecord = _record("CallbackRecord", Callback, "A callback as stored, with its job number and version.")
StatusEventRecord = _record("StatusEventRecord", StatusEvent, "One line of a job's history: who moved it, when, "
                                                             "from which status to which.")
