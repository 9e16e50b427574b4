"""Errors the query modules raise, so callers need not know SQLAlchemy's exceptions."""
from __future__ import annotations


class StorageError(Exception):
    """Base class for every error raised on purpose by `storage`."""


class NotFoundError(StorageError):
    """A referenced row (gemeente, caseworker, client...) does not exist."""


class DuplicateError(StorageError):
    """The row would break a uniqueness rule, e.g. a second caseworker with the same email."""


class ValidationError(StorageError):
    """An argument is malformed or breaks a business rule before anything is written."""
