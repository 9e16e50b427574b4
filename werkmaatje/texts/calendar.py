"""Dutch day and month names for the product's texts, and a date as people read it.

Vocabulary, not sentences: the sentences around these words live in domain.yml
and the other texts modules. The names themselves are written once, in
dutch/names.py, which the date parser shares.
"""
from dutch.names import DAY_NAMES, DAY_SHORT_NAMES, MONTH_NAMES, MONTH_SHORT_NAMES

__all__ = ["DAY_NAMES", "DAY_SHORT_NAMES", "MONTH_NAMES", "MONTH_SHORT_NAMES", "WORKING_DAYS", "day_in_words"]

# The days a municipality's office is open unless its gemeente file says otherwise.
WORKING_DAYS = DAY_NAMES[:5]


def day_in_words(day) -> str:
    """"3 december 2031": how people read a date, in the chat and in e-mail."""
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"
