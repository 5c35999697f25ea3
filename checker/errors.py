"""Errors that end in one clear line on stderr and exit code 2, never a traceback."""


class InputError(Exception):
    """Bad input: missing, binary, undecodable, empty, too large or malformed. The message is shown as is."""


class UsageError(Exception):
    """A bad option or configuration."""
