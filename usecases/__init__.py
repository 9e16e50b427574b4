"""Use cases that more than one front-end needs, written once.

The front-ends (the Rasa actions, the `werkmaatje` command, the portal and the
bot's planners) call these; these call `storage` and the kernel
(`werkmaatje`). Nothing here imports a front-end, and `storage` imports
nothing here.
"""
