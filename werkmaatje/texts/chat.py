"""What job seekers read that is not a domain.yml response.

The bot says these when Rasa cannot be asked (a photo, a service that is down,
a button tapped twice); actions use the list wording here to build lists that
a single domain.yml response then shows. Sentences with their own flow live in
domain.yml.
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
# One line per item in "welke herinneringen heb ik?" (actions/reminders.py).
SCHEDULED_LINE = "• {dag}, {tijd}: {wat}"
SCHEDULED_LABELS = {
    "own_reminder": "{about}",
    "appointment": "afspraak met {met}",
    "application_nudge": "vraag over je sollicitaties",
    "intake_unfinished": "vraag of je verder wilt met de vragenlijst",
    "interview_followup": "vraag hoe je gesprek bij {werkgever} ging",
    "training_session": "{titel}",
    "training_invitation": "uitnodiging voor {titel}",
    "training_moved_up": "bericht over je plek bij {titel}",
    "training_session_cancelled": "bericht dat {titel} niet doorgaat",
    "training_noshow": "vraag hoe het ging met {titel}",
}
SCHEDULED_LABEL_FALLBACK = "herinnering"
# What a reminder from the "Ja, herinner me" button after a planned application is about.
PLANNED_APPLICATION_ABOUT = "solliciteren bij {werkgever}"
PLANNED_APPLICATION_ABOUT_NO_EMPLOYER = "solliciteren"
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
# Topics on the summary's buttons.
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
# One line per training in "welke cursussen zijn er?" (actions/trainings_chat.py).
TRAINING_LINE = "• {titel}: {sessies} keer, de eerste keer {dag} om {tijd} in {waar}"
TRAINING_SIGNUP_BUTTON = "Aanmelden: {titel}"
# "ik kan morgen niet naar de training": one session, or stop altogether.
TRAINING_SKIP_ONE_BUTTON = "Alleen {dag} niet"
TRAINING_STOP_ALL_BUTTON = "Ik stop met de hele training"
TRAINING_NOSHOW_REASONS = {"ziek": "ik was ziek", "vergeten": "ik was het vergeten", "anders": "iets anders"}
# The version of the privacy texts a consent answers (utter_consent_privacy,
# utter_consent_details, utter_privacy in domain.yml). Bump it when any of them
# changes in substance: everyone who agreed to an older version is asked again
# at their next conversation, and each consent record says which version it was.
PRIVACY_TEXT_VERSION = "2026-11-v2"
# Earlier versions, oldest first, with what changed; keep them, they explain old records.
PRIVACY_TEXT_HISTORY = {
    "2026-11-v1": "Eerste versie: wat er bewaard wordt en wie het leest.",
    "2026-11-v2": "Je kunt zelf in de chat zien, ophalen en wissen wat er bewaard is.",
}
# "wat weet je van mij?": one line per kind of data, never the answers themselves.
MY_DATA_INTAKE = "• Vragenlijst: je gaf antwoord over {onderwerpen}."
MY_DATA_NO_INTAKE = "• Vragenlijst: nog niet ingevuld."
MY_DATA_APPLICATIONS = "• Sollicitaties: {aantal}."
MY_DATA_REMINDERS = "• Herinneringen die nog komen: {aantal}."
MY_DATA_TRAININGS = "• Trainingen: {titels}."
MY_DATA_NO_TRAININGS = "• Trainingen: geen."
MY_DATA_READER = "• Wie dit leest: je klantmanager, {naam}."
MY_DATA_READER_UNKNOWN = "• Wie dit leest: je klantmanager bij de gemeente."
MY_DATA_THREADS = "• Berichten tussen jou en je klantmanager: {aantal}."
# "wie heeft mijn gegevens bekeken?": roles and dates, never colleagues' names.
DATA_READER_LINE = "• {rol}, {datum}"
DATA_READER_ROLES = {
    "klantmanager": "Je klantmanager",
    "teamleider": "Een teamleider",
    "beheerder": "Een beheerder",
    "beheer": "Een beheerder (technisch beheer)",
}
# Erasure: what the gemeente keeps by law, before and after.
KEPT_SECTION_NAMES = {
    "client": "je naam en gemeente",
    "applications": "je sollicitaties",
    "application_agreement": "je sollicitatieafspraak",
    "handoffs": "je vragen aan je klantmanager",
    "handoff_notes": "wat je klantmanager met je vragen deed",
    "trainings": "je trainingen",
    "consent": "je antwoorden op de toestemmingsvraag",
}
KEPT_LINE = "• {wat}, tot {tot}. Waarom: {reden}"
ERASURE_KEEPS_NOTHING = "De gemeente hoeft daarna niets van je te bewaren."
ERASURE_KEEPS = "Dit moet de gemeente volgens de wet nog een tijd bewaren:\n{lijst}"
# Said by the bot itself (Rasa's copy of the chat is gone by then).
ERASURE_DONE = "Je gegevens zijn gewist. Ook onze gesprekken zijn weg."
ERASURE_DONE_AFTER = "Wil je later toch weer meedoen? Vraag je klantmanager om een nieuwe link."
# "stuur me al mijn gegevens": the Telegram document.
EXPORT_FILE_NAME = "werkmaatje-mijn-gegevens.json"
EXPORT_CAPTION = "Al je gegevens bij Werkmaatje"
# The klantmanager writes in the chat (storage/handoff_threads.py). Their own
# text goes out as it is, as plain text, after this prefix so the person knows
# a human writes.
CASEWORKER_MESSAGE = "{voornaam} van de gemeente: {tekst}"
CASEWORKER_FALLBACK_NAME = "Je klantmanager"
# Said once per thread, to the person's first message after the klantmanager wrote.
THREAD_FORWARDED = "Ik heb je bericht doorgegeven aan {voornaam}. Je krijgt hier antwoord."
# "Afgehandeld": one sentence, and the bot takes over again.
HANDOFF_CLOSED = "{voornaam} heeft je vraag afgehandeld, dus vanaf nu praat je weer met mij."
HANDOFF_CLOSED_NO_NAME = "Je klantmanager heeft je vraag afgehandeld, dus vanaf nu praat je weer met mij."
# "Bedoel je ...?" after a message the model was unsure of (actions/fallback.py):
# the intents a person can choose between, as a button says them.
FALLBACK_CHOICES = {
    "log_application": "Sollicitatie doorgeven",
    "ask_applications": "Mijn sollicitaties bekijken",
    "plan_application": "Sollicitatie plannen",
    "application_result": "Uitslag van een sollicitatie",
    "correct_application": "Sollicitatie aanpassen",
    "delete_application": "Sollicitatie weghalen",
    "set_reminder": "Herinnering maken",
    "list_reminders": "Mijn herinneringen",
    "cancel_reminder": "Herinnering weghalen",
    "opt_out_nudges": "Geen wekelijkse vraag meer",
    "opt_in_nudges": "Wekelijkse vraag weer aan",
    "pause_messages": "Even geen berichten",
    "cannot_attend": "Ik kan niet komen",
    "intake_start": "Vragenlijst invullen",
    "ask_trainings": "Cursussen bekijken",
    "training_signup": "Aanmelden voor een cursus",
    "cancel_training": "Afmelden voor een cursus",
    "training_question": "Vraag over een cursus",
    "request_handoff": "Klantmanager spreken",
    "ask_privacy": "Privacy",
    "ask_my_data": "Wat weet je van mij?",
    "request_data_export": "Mijn gegevens opsturen",
    "request_erasure": "Mijn gegevens wissen",
    "withdraw_consent": "Toestemming intrekken",
    "ask_uitkering": "Vraag over mijn uitkering",
    "ask_capabilities": "Wat kun je?",
    "distress": "Het gaat niet goed met me",
}
FALLBACK_SOMETHING_ELSE = "Iets anders"
# "hoeveel heb ik deze maand gesolliciteerd" (actions/applications_period.py).
APPLICATION_PERIODS = {
    "this_week": "Deze week",
    "last_week": "Vorige week",
    "this_month": "Deze maand",
    "last_month": "Vorige maand",
}
