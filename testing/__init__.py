"""Test machinery shared by `tests/` and `bench/`, so that neither imports the other.

Here live the Telegram Bot API stand-in and its update builders
(`testing.telegram`), the Rasa plus action-server starter (`testing.stack`),
fresh PostgreSQL and migrated databases (`testing.postgres`), the real bot
process and the due-reminder seeding the dispatch tests and benchmarks use
(`testing.bot_process`, `testing.reminders`), and the conversation helpers of
the end-to-end tests (`testing.e2e`).

Product code never imports this package: it exists to drive the product from
outside, the way Telegram, a user and an operator would. It may import product
packages; it imports nothing from `tests` or `bench`.
"""
