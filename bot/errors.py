"""Errors an operator can fix; the CLI prints them as one line, without a traceback."""


class OperatorError(Exception):
    pass
