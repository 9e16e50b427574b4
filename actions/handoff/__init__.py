"""Handing a conversation to a person: contact requests and distress signals."""
