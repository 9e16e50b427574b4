"""Scheduled messages: own reminders, the dispatcher's messages, the answers to them, and message wishes."""
