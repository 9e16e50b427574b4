"""The caseworker portal's read models: the queries behind its pages, one module per page or concern.

They read and write through `storage.tables` like every other storage module and
know nothing of HTTP or templates; `portal/` renders what they return.
"""
