"""Trainings in the chat: the listing, invitations and their answers, cancelling a session."""
