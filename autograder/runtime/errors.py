"""The error every layer raises for an instructor's unusable input."""


class SubmissionError(ValueError):
    """The instructor's input is unusable (a missing path, not a folder): one line saying what to do."""
