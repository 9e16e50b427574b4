"""The intake questionnaire: the form, reading free-text answers, explaining, summarising."""
