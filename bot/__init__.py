"""Werkmaatje's Telegram side (python-telegram-bot) and the `werkmaatje` command line."""
