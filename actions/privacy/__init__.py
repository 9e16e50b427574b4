"""Consent and data rights in the chat (AVG)."""
