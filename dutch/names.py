"""Dutch day and month names, long and short: the one copy the parser, the wording and the texts use.

Monday first, as date.weekday() counts. Here rather than in werkmaatje/texts
because `dutch` imports nothing outside itself; werkmaatje/texts/calendar.py
gives them to the rest of the product.
"""

DAY_NAMES = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
DAY_SHORT_NAMES = ("ma", "di", "wo", "do", "vr", "za", "zo")
MONTH_NAMES = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)
MONTH_SHORT_NAMES = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
