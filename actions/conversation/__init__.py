"""The conversation around the features: greeting, linking a chat, sessions and "not understood"."""
