"""Every refusal is a DomainError with a message and a title for the desk."""

import pytest

from repair_desktop.domain import errors

ALL = [errors.ValidationError, errors.NotFound, errors.InvalidTransition, errors.CapacityExceeded,
       errors.AlreadyClaimed, errors.NoActiveContract, errors.PermissionDenied, errors.ConflictError,
       errors.StoreUnavailable, errors.SchemaTooNew]


@pytest.mark.parametrize("cls", ALL)
def test_each_refusal_is_a_domain_error_with_a_title(cls):
    error = cls("Tom already has 3 of 3 active jobs.")
    assert isinstance(error, errors.DomainError)
    assert str(error) == error.message == "Tom already has 3 of 3 active jobs."
    assert error.title and error.title != errors.DomainError.title


def test_titles_differ():
    assert len({cls.title for cls in ALL}) == len(ALL)


def test_schema_too_new_is_a_kind_of_store_unavailable():
    assert issubclass(errors.SchemaTooNew, errors.StoreUnavailable)


def test_conflict_says_who_and_when():
    error = errors.ConflictError("changed", changed_by="Dora Desk", changed_at="10:42")
    assert (error.changed_by, error.changed_at) == ("Dora Desk", "10:42")
    assert errors.ConflictError("changed").changed_by is None
