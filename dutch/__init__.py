"""Dutch dates and clock times: reading "volgende week dinsdag" and "half drie", and saying moments back.

Pure functions over text and datetimes, used by the actions, the bot and the
NLU pipeline alike; the day and month names themselves are in
werkmaatje/texts/calendar.py.
"""
