"""Shared kernel of Werkmaatje: the one settings object and the municipality configuration.

It imports none of bot/, actions/, storage/ or nlu/, so every one of them may use it.
"""
