"""The one texts module: sentences said outside Rasa's domain.yml responses.

The bot says these when Rasa cannot be asked (a photo, a service that is down,
a button tapped twice); actions use the list wording below to build lists
that a single domain.yml response then shows.
"""

NOT_REACHABLE = (
    "Sorry, ik ben even niet bereikbaar. Je bericht is bewaard. "
    "Ik antwoord zodra ik weer werk."
)
ONLY_TEXT = "Ik kan alleen tekst lezen. Wil je het in een bericht typen?"
BUTTON_ALREADY_USED = "Je hebt hier al een keuze gemaakt."
BUTTON_CHOSEN = "Je koos: {title}"
SOMETHING_WENT_WRONG = "Sorry, er ging iets mis. Probeer het later nog eens."

# Shown in Telegram's command menu (setMyCommands).
COMMANDS = [
    ("help", "Wat kan Werkmaatje voor je doen?"),
    ("privacy", "Wat gebeurt er met je gegevens?"),
    ("stop", "Pauzeer alle berichten van Werkmaatje (weer aan met /start)"),
]

# Terminal chat (`werkmaatje chat`): for operators and developers, still Dutch.
CHAT_INTRO = "Werkmaatje in de terminal. Typ een bericht. Kies een knop met het nummer. Stoppen: Ctrl-D."
CHAT_PROMPT = "jij> "
CHAT_BOT_PREFIX = "werkmaatje> "
CHAT_RASA_DOWN = "Rasa is (nog) niet bereikbaar. Even geduld, ik probeer het opnieuw..."

# Operator hints: one clear line, no traceback.
MISSING_TOKEN_HINT = (
    "TELEGRAM_BOT_TOKEN ontbreekt: zet hem in .env (zie .env.example en de README) "
    "of probeer het eerst zonder Telegram met `make chat`."
)

# One line per item in "welke herinneringen heb ik?" (actions/reminders.py).
SCHEDULED_LINE = "• {dag}, {tijd}: {wat}"
SCHEDULED_LABELS = {
    "own_reminder": "{about}",
    "appointment": "afspraak met {met}",
    "application_nudge": "vraag over je sollicitaties",
    "intake_unfinished": "vraag of je verder wilt met de vragenlijst",
    "interview_followup": "vraag hoe je gesprek bij {werkgever} ging",
    "training_session": "{titel}",
    # --- trainings (issue 6) ---
    "training_invitation": "uitnodiging voor {titel}",
    "training_moved_up": "bericht over je plek bij {titel}",
    "training_session_cancelled": "bericht dat {titel} niet doorgaat",
    "training_noshow": "vraag hoe het ging met {titel}",
}
SCHEDULED_LABEL_FALLBACK = "herinnering"

# What a reminder from the "Ja, herinner me" button after a planned application is about.
PLANNED_APPLICATION_ABOUT = "solliciteren bij {werkgever}"
PLANNED_APPLICATION_ABOUT_NO_EMPLOYER = "solliciteren"

# --- trainings (issue 6) ---
# One line per training in "welke cursussen zijn er?" (actions/trainings_chat.py).
TRAINING_LINE = "• {titel}: {sessies} keer, de eerste keer {dag} om {tijd} in {waar}"
TRAINING_SIGNUP_BUTTON = "Aanmelden: {titel}"
# "ik kan morgen niet naar de training": one session, or stop altogether.
TRAINING_SKIP_ONE_BUTTON = "Alleen {dag} niet"
TRAINING_STOP_ALL_BUTTON = "Ik stop met de hele training"
# For the klantmanager (handoff reasons): fact lines, not chat sentences.
TRAINING_HANDOFF_DECLINED = "Zegt nee tegen {titel} (editie {editie}). Reden: {reden}"
TRAINING_HANDOFF_QUESTION = "Vraag over {titel} (editie {editie}): {vraag}"
TRAINING_HANDOFF_SKIP_SESSION = "Komt niet naar {titel} op {moment} (bijeenkomst {sessie}). {reden}"
TRAINING_HANDOFF_STOP = "Stopt met {titel} (editie {editie}). {reden}"
TRAINING_HANDOFF_NOSHOW = "Was er niet bij {titel} op {moment}. Antwoord: {antwoord}"
TRAINING_NO_REASON = "geen reden gegeven"
TRAINING_NOSHOW_REASONS = {"ziek": "ik was ziek", "vergeten": "ik was het vergeten", "anders": "iets anders"}
