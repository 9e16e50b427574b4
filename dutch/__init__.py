"""Dutch dates and clock times: reading "volgende week dinsdag" and "half drie", and saying moments back.

Pure functions over text and datetimes, used by the actions, the bot and the
NLU pipeline alike. Imports nothing outside itself: the day and month names
are in dutch/names.py, and werkmaatje/texts/calendar.py hands them on.
"""
