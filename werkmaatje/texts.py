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

# --- intake (issue 3) ---
# The job seeker's own summary at the end of the intake: one line per answer,
# in plain words. Never the ladder step or group (those are for the klantmanager).
INTAKE_SUMMARY_LINE = "• {onderwerp}: {antwoord}"
INTAKE_TOPICS = {
    "leeftijd": "Leeftijd",
    "uitkering": "Uitkering",
    "uitkering_duur": "Hoe lang",
    "eerder_uitkering": "Eerder een uitkering",
    "partner": "Partner in de uitkering",
    "kinderen": "Kinderen",
    "kinderopvang": "Opvang",
    "mantelzorg": "Mantelzorg",
    "opleiding": "Opleiding",
    "diploma_buitenland": "Diploma uit een ander land",
    "werkervaring": "Werkervaring",
    "certificaten": "Papieren",
    "taal": "Nederlands",
    "inburgering": "Inburgering",
    "week": "Je week",
    "dagritme": "Dagritme",
    "gezondheid": "Gezondheid",
    "belemmeringen": "Wat het lastig maakt",
    "wens_sector": "Werk dat je zoekt",
    "wens_uren": "Uren",
    "wens_duitsland": "Werken in Duitsland",
    "wens_eigen_bedrijf": "Eigen bedrijf",
    "wens_opleiding": "Cursus of opleiding",
    "drijfveren": "Waar je goed in bent",
    "nodig": "Wat je nodig hebt",
    "contact": "Contact",
}
INTAKE_VALUES = {
    "18-26": "jonger dan 27", "27-44": "27 tot 45", "45-54": "45 tot 55", "55+": "55 of ouder",
    "bijstand": "bijstand", "ioaw": "IOAW", "ioaz": "IOAZ", "ww": "WW", "geen": "geen", "anders": "iets anders",
    "<1": "korter dan 1 jaar", "1-3": "1 tot 3 jaar", ">3": "langer dan 3 jaar",
    "ja": "ja", "nee": "nee", "misschien": "misschien",
    "geregeld": "geregeld", "niet_geregeld": "nog niet geregeld", "niet_nodig": "niet nodig",
    "basis": "basisschool", "vmbo": "vmbo", "mbo": "mbo", "mbo-1": "mbo 1", "mbo-2": "mbo 2", "mbo-3": "mbo 3",
    "mbo-4": "mbo 4", "havo": "havo", "vwo": "vwo", "hbo": "hbo", "wo": "universiteit",
    "vca": "VCA", "heftruck": "heftruck", "rijbewijs": "rijbewijs",
    "goed": "goed", "redelijk": "redelijk", "matig": "matig", "slecht": "slecht",
    "afgerond": "klaar", "bezig": "nog bezig",
    "thuis": "vooral thuis", "contact": "vrienden of familie zien", "activiteit": "club, cursus of les",
    "vrijwilligerswerk": "vrijwilligerswerk of stage", "werk_met_steun": "werk met begeleiding",
    "betaald_werk": "betaald werk",
    "wisselend": "wisselt", "moeilijk": "lastig",
    "lichamelijk": "lichamelijke klachten", "psychisch": "psychische klachten", "beide": "lichamelijk en psychisch",
    "opleiding": "opleiding", "fysiek": "gezondheid", "sociaal": "contact met mensen",
    "geen_werkervaring": "weinig werkervaring", "zorgtaken": "zorgtaken", "taal": "taal", "schulden": "geldzorgen",
    "vervoer": "vervoer", "leeftijd": "leeftijd",
    "zorg": "zorg", "techniek": "techniek", "logistiek": "logistiek", "bouw": "bouw", "horeca": "horeca",
    "schoonmaak": "schoonmaak", "detailhandel": "winkel", "groen": "groen", "administratief": "kantoor",
    "ict": "ICT", "productie": "productie", "transport": "transport", "onderwijs": "onderwijs", "overig": "iets anders",
    "fulltime": "fulltime", "parttime": "parttime", "weinig": "een paar uur",
    "chat": "via de chat", "telefoon": "bellen", "email": "mail",
}
INTAKE_STATUS_WORDS = {"unknown": "weet je niet", "skipped": "overgeslagen", "personal": "liever persoonlijk"}
INTAKE_CHILDREN = "{aantal}, de jongste is {jongste}"
INTAKE_CHILDREN_NO_AGE = "{aantal}"
INTAKE_NO_CHILDREN = "geen"
INTAKE_EDUCATION_NOT_FINISHED = "{niveau}, niet afgemaakt"
INTAKE_EXPERIENCE_NONE = "nog niet gewerkt"
INTAKE_EXPERIENCE_SOME = "ja"
INTAKE_LIST_JOIN = ", "
# Buttons under the summary: one per topic to change, one to confirm (≤ 64 bytes payload, server-side anyway).
INTAKE_CHANGE_BUTTON = "{onderwerp} aanpassen"
INTAKE_CONFIRM_BUTTON = "Klopt"
# --- end intake ---

# --- intake: topics on the summary's buttons (issue 3) ---
INTAKE_GROUP_TITLES = {
    "situatie": "Situatie",
    "huishouden": "Gezin",
    "opleiding": "Opleiding en werk",
    "taal": "Taal",
    "week": "Je week",
    "gezondheid": "Gezondheid",
    "wensen": "Wensen",
    "jij": "Over jou",
}

# --- intake: the klantmanager's paragraph (template text, no AI) ---
# Facts only, in the order a klantmanager reads them; a part is left out when
# its answer is missing. The step and group are a proposal, and say so.
CASEWORKER_PARTS = {
    "leeftijd": "Leeftijd {waarde}.",
    "uitkering": "Uitkering: {waarde}.",
    "uitkering_duur": "Zo lang al: {waarde}.",
    "kinderen": "Kinderen: {waarde}.",
    "opleiding": "Opleiding: {waarde}; startkwalificatie: {start}.",
    "werkervaring": "Werkervaring: {waarde}.",
    "taal": "Nederlands (eigen inschatting): {waarde}.",
    "week": "Een gewone week: {waarde}.",
    "wens_sector": "Wil werken in: {waarde}.",
    "wens_uren": "Uren: {waarde}.",
    "wens_opleiding": "Wil een cursus of opleiding: {waarde}.",
    "drijfveren": "Eigen woorden over talenten: \u201c{waarde}\u201d.",
    "nodig": "Heeft nodig: \u201c{waarde}\u201d.",
}
CASEWORKER_PROPOSAL = "Voorstel (niet bevestigd): trede {trede} van de participatieladder, groep {groep}."
CASEWORKER_FLAGS = "Aandacht: {vlaggen}."
CASEWORKER_FLAG_WORDS = {
    "persoonlijk_gesprek": "wil iets liever persoonlijk bespreken",
    "schulden": "schulden genoemd",
    "gezondheid": "gezondheid",
    "taal": "taal",
    "kinderopvang": "kinderopvang",
}
CASEWORKER_YES_NO_UNKNOWN = {True: "ja", False: "nee", None: "onbekend"}
# --- end intake ---
