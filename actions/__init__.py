"""Rasa SDK actions, split by domain; `rasa run actions` registers every module here."""
