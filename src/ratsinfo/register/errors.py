"""Errors of the register that are the user's to fix (no Django import: the CLI catches
them before Django is set up)."""


class RegisterError(Exception):
    """A user-facing problem with a register query (one line)."""
