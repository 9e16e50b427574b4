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

# --- portal (issue 7) ---------------------------------------------------------
# The caseworker portal's words that are built in code (labels of stored values,
# summary sentences, messages after an action). Page text is in portal/templates.
PORTAL_ROLES = {"klantmanager": "Klantmanager", "teamleider": "Teamleider", "beheerder": "Beheerder"}
PORTAL_HANDOFF_KINDS = {
    "contact": "Wil contact",
    "distress": "Noodsignaal",
    "no_consent": "Geen toestemming, wil persoonlijk contact",
    "cannot_attend": "Kan niet naar afspraak",
    "training_declined": "Komt niet naar training",
    "training_question": "Vraag over training",
    "training_cancelled": "Meldt zich af voor training",
    "training_noshow": "Antwoord na gemiste training",
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
    "persoonlijk": "Wil iets persoonlijk bespreken",
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
    "handoff_training_declined": "Zei nee op een uitnodiging voor een training.",
    "handoff_training_question": "Had een vraag over een training.",
    "handoff_training_cancelled": "Meldde zich af voor (een bijeenkomst van) een training.",
    "handoff_training_noshow": "Vertelde waarom die niet bij de training was.",
    "handoff_in_behandeling": "Verzoek in behandeling genomen door {author}.",
    "handoff_afgehandeld": "Verzoek afgehandeld door {author}.",
    "application_logged": "Meldde een sollicitatie bij {employer}.",
    "application_status": "Sollicitatie bij {employer}: {status}.",
    "reminder_set": "Zette een herinnering: {about}.",
    "appointment_planned": "Afspraak gepland op {starts_at} ({waar}).",
    "intake_started": "Begon aan de intake.",
    "intake_finished": "Maakte de intake af.",
    "training_invited": "Kreeg een uitnodiging voor {titel}.",
    "training_aangemeld": "Zei ja op {titel}.",
    "training_wachtlijst": "Wil naar {titel}; staat op de wachtlijst.",
    "training_afgemeld": "Zei nee of stopte met {titel}.",
    "training_aanwezig_registered": "Was aanwezig bij {titel}.",
    "training_afwezig_registered": "Was niet bij {titel}.",
    "training_afgemeld_registered": "Meldde zich af voor een bijeenkomst van {titel}.",
}
PORTAL_SUMMARY_INTAKE_ANSWERS = "Beantwoordde {aantal} intakevragen ({onderwerpen})."
PORTAL_SUMMARY_INTAKE_PERSONAL = "Wil persoonlijk bespreken: {onderwerpen}."
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
    "training_invitation": "Uitnodiging voor training",
    "training_moved_up": "Bericht: plek vrij bij training",
    "training_session_cancelled": "Bericht: bijeenkomst gaat niet door",
    "training_noshow": "Vraag na gemiste bijeenkomst",
    "caseworker_reply": "Bericht van de klantmanager",
    "handoff_closed": "Bericht: verzoek afgehandeld",
}
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
# --- portal: intake and ladder (issue 7) ---
PORTAL_LADDER_STEPS = {
    1: "1 · Geïsoleerd",
    2: "2 · Sociale contacten buiten de deur",
    3: "3 · Deelname georganiseerde activiteiten",
    4: "4 · Onbetaald werk",
    5: "5 · Betaald werk met ondersteuning",
    6: "6 · Betaald werk",
}
PORTAL_LADDER_GROUPS = {
    "zelfredzaam": "Zelfredzaam",
    "middengroep": "Kwetsbare middengroep",
    "participatie": "Maatschappelijke participatie",
}
PORTAL_INTAKE_STATUSES = {None: "Niet begonnen", "open": "Bezig", "stopped": "Gestopt", "finished": "Klaar"}
PORTAL_MELDINGEN.update(
    {
        "trede_bevestigd": "De trede en groep zijn vastgelegd.",
        "trede_fout": "Kies een trede (1 tot 6) en een groep.",
        "editie_gepland": "De training is gepland.",
        "editie_fout": "Dat lukte niet. Controleer training, data (in de toekomst), plaats en aantal plekken.",
        "uitgenodigd": "De uitnodigingen staan klaar. Ze gaan uit buiten de rusttijden.",
        "niemand_uitgenodigd": "Er is niemand (nieuw) uitgenodigd.",
        "uitnodigen_gesloten": "Aanmelden voor deze training is gesloten.",
        "aanwezigheid_opgeslagen": "De aanwezigheid is opgeslagen.",
    }
)
PORTAL_PARTICIPANT_STATUSES = {
    "uitgenodigd": "Uitgenodigd, nog geen antwoord",
    "aangemeld": "Komt",
    "wachtlijst": "Wachtlijst",
    "afgemeld": "Afgemeld",
}
PORTAL_ATTENDANCE = {None: "—", "aanwezig": "Aanwezig", "afwezig": "Afwezig", "afgemeld": "Afgemeld"}
PORTAL_CHARTS.update(
    {
        "intake": ("Intake", "Cliënten per stand van hun laatste intake."),
        "ladder": ("Participatieladder: voorstel en bevestigd", "Aantal cliënten per trede: v = voorstel van Werkmaatje (grijs), b = bevestigd door de klantmanager (blauw)."),
        "opkomst": ("Opkomst bij trainingen", "Geregistreerde aanwezigheid bij bijeenkomsten van de laatste 90 dagen."),
    }
)
PORTAL_LADDER_BAR = {
    "proposal": "Trede {trede}, voorstel",
    "confirmed": "Trede {trede}, bevestigd",
    "proposal_short": "{trede}v",
    "confirmed_short": "{trede}b",
}
PORTAL_MELDINGEN["bijeenkomst_geannuleerd"] = "De bijeenkomst is geannuleerd. Wie zich had aangemeld, krijgt bericht."


# --- privacy (issue 8) ---
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

# "wie heeft mijn gegevens bekeken?": roles and dates, never colleagues' names.
DATA_READER_LINE = "• {rol}, {datum}"
DATA_READER_ROLES = {
    "klantmanager": "Je klantmanager",
    "teamleider": "Een teamleider",
    "beheerder": "Een beheerder",
    "beheer": "Een beheerder (technisch beheer)",
}
MONTH_NAMES = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)


def day_in_words(day) -> str:
    """"3 december 2031": how people read a date, in the chat and in e-mail."""
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


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
# The terminal chat cannot show a file.
CHAT_DOCUMENT_NOTE = "[hier stuurt Werkmaatje in Telegram een bestand met al je gegevens; in de terminal: werkmaatje export CLIENT_ID]"
PORTAL_MELDINGEN["wisverzoek_uitgevoerd"] = "De gegevens zijn gewist. De cliënt krijgt bericht over wat bewaard blijft."
PORTAL_MELDINGEN["wisverzoek_niet_bevestigd"] = "Niets gewist. Typ het woord wissen om te bevestigen."
PORTAL_MELDINGEN["wisverzoek_al_uitgevoerd"] = "Dit verzoek was al uitgevoerd."
PORTAL_SENSITIVE_HIDDEN = "Alleen zichtbaar voor de klantmanager van deze cliënt."
# --- end privacy ---


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
MY_DATA_THREADS = "• Berichten tussen jou en je klantmanager: {aantal}."
PORTAL_MELDINGEN.update(
    {
        "bericht_verstuurd": "Je bericht staat klaar en gaat nu naar de cliënt.",
        "wisverzoek_open_verzoek": "Nog niet gewist: handel eerst het open verzoek van deze cliënt af.",
    }
)
PORTAL_THREAD_ERRORS = {
    "leeg": "Typ eerst een bericht.",
    "te_lang": "Dit bericht is te lang: hoogstens {max} tekens (nu {lengte}). Maak het korter of verdeel het over twee berichten.",
    "dicht": "Dit verzoek is al afgehandeld. Je kunt hier niet meer schrijven.",
    "soort": "Op dit soort verzoek kun je niet in de chat antwoorden.",
}
# Delivery of a klantmanager's message, as shown in the thread.
PORTAL_DELIVERY = {
    "pending": "Wordt verstuurd",
    "sending": "Wordt verstuurd",
    "sent": "Bezorgd",
    "failed": "Niet bezorgd",
    "cancelled": "Niet verstuurd",
    "blocked": "Niet bezorgd: de cliënt heeft de bot geblokkeerd. Het bericht gaat uit zodra de cliënt weer iets stuurt.",
    "paused": "Wacht: de cliënt heeft alle berichten gepauzeerd (/stop).",
    "not_linked": "Niet bezorgd: de cliënt heeft Telegram nog niet gekoppeld.",
}
# The audit log in the portal: what each code means, and who the non-caseworkers are.
PORTAL_AUDIT_ACTIONS = {
    "portal_dossier": "Dossier bekeken",
    "portal_transcript": "Volledige chat bekeken",
    "portal_export_json": "Export (JSON) gedownload",
    "portal_export_csv": "Werkmap (CSV) gedownload",
    "portal_training": "Trainingslijst bekeken",
    "portal_training_aanwezigheid": "Aanwezigheid geregistreerd",
    "portal_training_matching": "Uitgenodigd (passend bij doelgroep)",
    "portal_training_uitnodiging": "Uitgenodigd voor training",
    "portal_trede_bevestigd": "Trede vastgelegd",
    "portal_verzoek_afgehandeld": "Verzoek afgehandeld",
    "portal_verzoek_in_behandeling": "Verzoek in behandeling genomen",
    "portal_gesprek": "Gesprek bij verzoek bekeken",
    "portal_afspraak_gepland": "Afspraak gepland",
    "portal_afspraak_geannuleerd": "Afspraak geannuleerd",
    "portal_koppelcode": "Nieuwe koppelcode gemaakt",
    "portal_sollicitatieafspraak": "Sollicitatieafspraak gewijzigd",
    "portal_bericht": "Bericht aan cliënt geschreven",
    "portal_buiten_bereik": "Geweigerd: cliënt hoort niet bij deze medewerker",
    "export": "Export via de opdrachtregel",
    "applications": "Sollicitaties bekeken via de opdrachtregel",
    "agreement_set": "Sollicitatieafspraak gezet via de opdrachtregel",
    "training_matching": "Uitgenodigd via de opdrachtregel",
    "training_attendance": "Aanwezigheid via de opdrachtregel",
    "training_show": "Training bekeken via de opdrachtregel",
    "client_closed": "Dossier gesloten",
    "client_export": "De cliënt haalde de eigen gegevens op",
    "erasure_requested": "Cliënt vroeg om wissen",
    "erasure_done": "Gegevens gewist",
}
PORTAL_AUDIT_ACTORS = {
    "bot": "Werkmaatje (de bot)",
    "client": "De cliënt zelf",
    "system": "Werkmaatje (automatisch)",
}
PORTAL_AUDIT_CLI_ACTOR = "Technisch beheer (opdrachtregel, gebruiker {gebruiker})"
# Export sections kept after erasure, as the klantmanager reads them on Vandaag.
PORTAL_KEPT_SECTIONS = {
    "client": "Naam en gemeente",
    "applications": "Sollicitaties",
    "application_agreement": "Sollicitatieafspraak",
    "handoffs": "Verzoeken aan de klantmanager",
    "handoff_notes": "Notities bij verzoeken",
    "trainings": "Trainingen",
    "consent": "Toestemming",
}
PORTAL_TERMIJN_LEFT = "nog {tijd} binnen de termijn"
PORTAL_TERMIJN_OVER = "termijn {tijd} voorbij"
PORTAL_EMAIL_FAILING = "E-mail aan {aan} over {wat} nog niet verstuurd ({pogingen} pogingen): {fout}"
PORTAL_EMAIL_KINDS = {"distress": "een noodsignaal", "new_requests": "nieuwe verzoeken", "digest": "het dagoverzicht"}

# E-mail to caseworkers (bot/mailer.py). No message text, health information or
# name beyond the first name and the client number: only that something waits,
# and where.
EMAIL_SUBJECTS = {
    "distress": "Werkmaatje: een noodsignaal wacht op je",
    "new_requests": "Werkmaatje: nieuwe verzoeken om contact",
    "digest": "Werkmaatje: verzoeken die bijna te lang wachten",
}
EMAIL_INTROS = {
    "distress": "Een cliënt liet in de chat merken dat het niet goed gaat. Neem vandaag contact op.",
    "new_requests": "Er zijn nieuwe verzoeken voor een klantmanager in Werkmaatje.",
    "digest": "Deze verzoeken wachten al meer dan de helft van de reactietermijn.",
}
EMAIL_LINE = "- {voornaam} ({client_id}): {soort}, sinds {sinds}. {link}"
EMAIL_FOOTER = "Open de link om het verzoek te lezen. In deze e-mail staat met opzet niets over wat de cliënt schreef."
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
