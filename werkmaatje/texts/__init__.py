"""Everything Werkmaatje says outside domain.yml, one module per audience.

chat: job seekers; caseworker and portal: klantmanagers (portal, e-mail);
operator: whoever runs the `werkmaatje` command; calendar: day and month names.
Import the audience module you need: nothing is re-exported here.
"""
