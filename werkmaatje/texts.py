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
}
SCHEDULED_LABEL_FALLBACK = "herinnering"

# What a reminder from the "Ja, herinner me" button after a planned application is about.
PLANNED_APPLICATION_ABOUT = "solliciteren bij {werkgever}"
PLANNED_APPLICATION_ABOUT_NO_EMPLOYER = "solliciteren"

# --- portal (issue 7) ---------------------------------------------------------
# The caseworker portal's words that are built in code (labels of stored values,
# summary sentences, messages after an action). Page text is in portal/templates.
PORTAL_ROLES = {"klantmanager": "Klantmanager", "teamleider": "Teamleider", "beheerder": "Beheerder"}
PORTAL_HANDOFF_KINDS = {
    "contact": "Wil contact",
    "distress": "Noodsignaal",
    "no_consent": "Geen toestemming, wil persoonlijk contact",
    "cannot_attend": "Kan niet naar afspraak",
}
PORTAL_HANDOFF_STATUSES = {"open": "Open", "in_behandeling": "In behandeling", "afgehandeld": "Afgehandeld"}
PORTAL_APPLICATION_STATUSES = {
    "verstuurd": "Verstuurd",
    "uitgenodigd": "Uitgenodigd voor gesprek",
    "gesprek_gehad": "Gesprek gehad",
    "afgewezen": "Afgewezen",
    "aangenomen": "Aangenomen",
    "proefplaatsing": "Proefplaatsing",
    "geen_reactie": "Geen reactie",
}
PORTAL_CHANNELS = {
    "brief": "Brief",
    "online": "Online",
    "open_sollicitatie": "Open sollicitatie",
    "telefonisch": "Telefonisch",
    "langsgegaan": "Langsgegaan",
    "uitzendbureau": "Uitzendbureau",
    "netwerk": "Netwerk",
    "klantmanager": "Via klantmanager",
}
PORTAL_CONSENT = {None: "Nog niet gevraagd", "given": "Gegeven", "refused": "Geweigerd", "withdrawn": "Ingetrokken"}
PORTAL_FLAGS = {
    "distress": "Noodsignaal",
    "contact": "Wil contact",
    "onbereikbaar": "Onbereikbaar",
    "geen_toestemming": "Geen toestemming",
    "niet_gekoppeld": "Niet gekoppeld",
}
PORTAL_SCHEDULED_STATUSES = {
    "pending": "Gepland",
    "sending": "Wordt verstuurd",
    "sent": "Verstuurd",
    "failed": "Mislukt",
    "cancelled": "Geannuleerd",
}
PORTAL_APPOINTMENT_STATUSES = {"planned": "Gepland", "cancelled": "Geannuleerd"}
# One line per event in a day's conversation summary (portal/summaries.py).
PORTAL_SUMMARY_LINES = {
    "linked": "Koppelde Telegram aan Werkmaatje.",
    "consent_given": "Gaf toestemming om gegevens te bewaren.",
    "consent_refused": "Gaf geen toestemming om gegevens te bewaren.",
    "consent_withdrawn": "Trok de toestemming in.",
    "handoff_contact": "Vroeg om contact met de klantmanager.",
    "handoff_distress": "Liet merken dat het niet goed gaat (noodsignaal, 113 genoemd).",
    "handoff_no_consent": "Wil liever persoonlijk contact dan de chat.",
    "handoff_cannot_attend": "Kan niet naar een afspraak.",
    "handoff_in_behandeling": "Verzoek in behandeling genomen door {author}.",
    "handoff_afgehandeld": "Verzoek afgehandeld door {author}.",
    "application_logged": "Meldde een sollicitatie bij {employer}.",
    "application_status": "Sollicitatie bij {employer}: {status}.",
    "reminder_set": "Zette een herinnering: {about}.",
    "appointment_planned": "Afspraak gepland op {starts_at} ({waar}).",
}
PORTAL_SUMMARY_REASON = "Reden: {reason}"
PORTAL_SUMMARY_NOTE = "Notitie: {note}"
# Shown after a redirect: ?melding=<key>. Only these keys, never text from the URL.
PORTAL_MELDINGEN = {
    "uitgelogd": "Je bent uitgelogd.",
    "afgehandeld": "Het verzoek is afgehandeld.",
    "in_behandeling": "Het verzoek staat op in behandeling.",
    "al_afgehandeld": "Dit verzoek was al afgehandeld.",
    "afspraak_gepland": "De afspraak is gepland. De cliënt krijgt herinneringen.",
    "afspraak_geannuleerd": "De afspraak is geannuleerd. De herinneringen gaan niet meer uit.",
    "afspraak_fout": "Dat moment klopt niet. Kies een datum en tijd in de toekomst.",
    "afspraak_velden": "Vul in waar en met wie de afspraak is.",
    "afspraak_onbekend": "Die afspraak bestaat niet (meer).",
    "sollicitatieafspraak_opgeslagen": "De sollicitatieafspraak is opgeslagen.",
    "sollicitatieafspraak_fout": "Die afspraak klopt niet. Kies een aantal van 0 tot 50 en 1 tot 26 weken.",
    "medewerker_toegevoegd": "De medewerker is toegevoegd.",
    "medewerker_fout": "Dat lukte niet. Controleer e-mailadres, naam, rol en wachtwoord (minstens 12 tekens).",
    "medewerker_bestaat": "Er is al een medewerker met dit e-mailadres.",
    "medewerker_gewijzigd": "De medewerker is gewijzigd.",
    "niet_jezelf": "Je kunt jezelf niet uitzetten.",
}
PORTAL_LOGIN_ERRORS = {
    "wrong": "Dit e-mailadres of wachtwoord klopt niet.",
    "throttled": "Te vaak geprobeerd. Wacht een kwartier en probeer het dan opnieuw.",
    "csrf": "Het formulier was verlopen. Probeer het opnieuw.",
}
PORTAL_ERRORS = {
    "niet_gevonden": ("Niet gevonden", "Deze pagina bestaat niet, of je hebt er geen toegang toe."),
    "geen_toegang": ("Geen toegang", "Deze pagina hoort niet bij jouw rol."),
    "csrf": ("Formulier verlopen", "Het formulier was verlopen. Ga terug, laad de pagina opnieuw en probeer het nog eens."),
    "storing": ("Er ging iets mis", "Er ging iets mis. Probeer het later nog eens."),
}
PORTAL_CHARTS = {
    "per_week": ("Sollicitaties per week", "Aantal sollicitaties per week (op de dag dat ze gedaan zijn), laatste 12 weken."),
    "termijn": (
        "Verzoeken beantwoord binnen de termijn",
        "Contactverzoeken en noodsignalen van de laatste 90 dagen, en of ze binnen {werkdagen} werkdagen zijn opgepakt.",
    ),
    "meedoen": (
        "Mensen die meedoen",
        "Indicator van de Adviesraad: cliënten met betaald werk of een proefplaatsing, volgens hun sollicitaties.",
    ),
    "start": ("Start met Werkmaatje", "Cliënten, hoeveel hun chat koppelden en hoeveel toestemming gaven."),
}
PORTAL_CHART_LABELS = {
    "op_tijd": "Op tijd",
    "te_laat": "Te laat",
    "open_verlopen": "Open, termijn voorbij",
    "open_binnen": "Open, nog binnen termijn",
    "clienten": "Cliënten",
    "betaald": "Betaald werk",
    "proefplaatsing": "Proefplaatsing",
    "gekoppeld": "Gekoppeld",
    "toestemming": "Toestemming",
}
PORTAL_SCHEDULED_KINDS = {
    "own_reminder": "Eigen herinnering",
    "appointment": "Herinnering aan afspraak",
    "application_nudge": "Vraag over sollicitaties",
    "intake_unfinished": "Vraag om de vragenlijst af te maken",
    "interview_followup": "Vraag hoe het gesprek ging",
    "training_session": "Herinnering aan training",
}
