"""Dutch NLU for Werkmaatje: training data (nlu/data/) and custom Rasa components."""
