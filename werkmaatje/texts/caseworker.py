"""What caseworkers read about their clients: labels of stored values, the intake paragraph, e-mail.

The portal's templates see this module as `t`; page text itself is in
portal/templates, and what the portal's code says after an action is in
werkmaatje/texts/portal.py.
"""

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
PORTAL_PARTICIPANT_STATUSES = {
    "uitgenodigd": "Uitgenodigd, nog geen antwoord",
    "aangemeld": "Komt",
    "wachtlijst": "Wachtlijst",
    "afgemeld": "Afgemeld",
}
PORTAL_ATTENDANCE = {None: "—", "aanwezig": "Aanwezig", "afwezig": "Afwezig", "afgemeld": "Afgemeld"}
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
PORTAL_EMAIL_FAILING = "E-mail aan {aan} over {wat} nog niet verstuurd ({pogingen} pogingen): {fout}"
PORTAL_EMAIL_KINDS = {"distress": "een noodsignaal", "new_requests": "nieuwe verzoeken", "digest": "het dagoverzicht"}
# The klantmanager's paragraph after an intake (template text, no AI). Facts only,
# in the order a klantmanager reads them; a part is left out when its answer is
# missing. The step and group are a proposal, and say so.
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
# Handoff reasons about trainings, as the klantmanager reads them: fact lines, not chat sentences.
TRAINING_HANDOFF_DECLINED = "Zegt nee tegen {titel} (editie {editie}). Reden: {reden}"
TRAINING_HANDOFF_QUESTION = "Vraag over {titel} (editie {editie}): {vraag}"
TRAINING_HANDOFF_SKIP_SESSION = "Komt niet naar {titel} op {moment} (bijeenkomst {sessie}). {reden}"
TRAINING_HANDOFF_STOP = "Stopt met {titel} (editie {editie}). {reden}"
TRAINING_HANDOFF_NOSHOW = "Was er niet bij {titel} op {moment}. Antwoord: {antwoord}"
TRAINING_NO_REASON = "geen reden gegeven"
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
# Why a scheduled message did not go out, as the portal shows it next to the message.
SCHEDULED_NOT_LINKED = "cliënt heeft Telegram nog niet gekoppeld"
SCHEDULED_TOO_LATE = "te laat om nog te helpen"
SCHEDULED_OPTED_OUT = "cliënt wil geen herinneringen van de bot"
SCHEDULED_NO_TEXT = "Rasa gaf geen tekst voor dit bericht"
SCHEDULED_GONE = "het bericht bestaat niet meer"
SCHEDULED_BLOCKED = "Telegram 403: de cliënt heeft de bot geblokkeerd"
# A "Kan niet naar afspraak" request: which appointment or session, as a fact line.
CANNOT_ATTEND = "kan niet komen"
CANNOT_ATTEND_WHICH = "kan niet komen: {soort} {moment} {wie_of_wat}"
