"""The one copy of Dutch day and month names, long and short, and a date as people read it.

Vocabulary, not sentences: the sentences around these words live in domain.yml
and the other texts modules. Monday first, as date.weekday() counts.
"""

DAY_NAMES = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
DAY_SHORT_NAMES = ("ma", "di", "wo", "do", "vr", "za", "zo")
MONTH_NAMES = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)
MONTH_SHORT_NAMES = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
# The days a municipality's office is open unless its gemeente file says otherwise.
WORKING_DAYS = DAY_NAMES[:5]


def day_in_words(day) -> str:
    """"3 december 2031": how people read a date, in the chat and in e-mail."""
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"
