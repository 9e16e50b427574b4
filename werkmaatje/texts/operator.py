"""What operators and developers read: the `werkmaatje` command, the terminal chat, errors to fix.

Still Dutch, like everything the product says; one clear line per error, no traceback.
"""

# Terminal chat (`werkmaatje chat`): for operators and developers, still Dutch.
CHAT_INTRO = "Werkmaatje in de terminal. Typ een bericht. Kies een knop met het nummer. Stoppen: Ctrl-D."
CHAT_PROMPT = "jij> "
CHAT_BOT_PREFIX = "werkmaatje> "
CHAT_RASA_DOWN = "Rasa is (nog) niet bereikbaar. Even geduld, ik probeer het opnieuw..."
# The terminal chat cannot show a file.
CHAT_DOCUMENT_NOTE = "[hier stuurt Werkmaatje in Telegram een bestand met al je gegevens; in de terminal: werkmaatje export CLIENT_ID]"
# Operator hints: one clear line, no traceback.
MISSING_TOKEN_HINT = (
    "TELEGRAM_BOT_TOKEN ontbreekt: zet hem in .env (zie .env.example en de README) "
    "of probeer het eerst zonder Telegram met `make chat`."
)
