"""Helpers of the end-to-end tests: the bot against the stand-in, a person chatting, the dispatcher on a clock."""
