"""The `werkmaatje` command: run the product, chat in a terminal, manage clients, trainings and the portal."""
