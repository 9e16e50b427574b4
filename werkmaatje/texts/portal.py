"""What the caseworker portal's code says: messages after an action, charts, summaries, the audit log.

Labels of stored values, which the templates also read, are in
werkmaatje/texts/caseworker.py; page text is in portal/templates.
"""

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
    "trede_bevestigd": "De trede en groep zijn vastgelegd.",
    "trede_fout": "Kies een trede (1 tot 6) en een groep.",
    "editie_gepland": "De training is gepland.",
    "editie_fout": "Dat lukte niet. Controleer training, data (in de toekomst), plaats en aantal plekken.",
    "uitgenodigd": "De uitnodigingen staan klaar. Ze gaan uit buiten de rusttijden.",
    "niemand_uitgenodigd": "Er is niemand (nieuw) uitgenodigd.",
    "uitnodigen_gesloten": "Aanmelden voor deze training is gesloten.",
    "aanwezigheid_opgeslagen": "De aanwezigheid is opgeslagen.",
    "bijeenkomst_geannuleerd": "De bijeenkomst is geannuleerd. Wie zich had aangemeld, krijgt bericht.",
    "wisverzoek_uitgevoerd": "De gegevens zijn gewist. De cliënt krijgt bericht over wat bewaard blijft.",
    "wisverzoek_niet_bevestigd": "Niets gewist. Typ het woord wissen om te bevestigen.",
    "wisverzoek_al_uitgevoerd": "Dit verzoek was al uitgevoerd.",
    "bericht_verstuurd": "Je bericht staat klaar en gaat nu naar de cliënt.",
    "wisverzoek_open_verzoek": "Nog niet gewist: handel eerst het open verzoek van deze cliënt af.",
}
PORTAL_THREAD_ERRORS = {
    "leeg": "Typ eerst een bericht.",
    "te_lang": "Dit bericht is te lang: hoogstens {max} tekens (nu {lengte}). Maak het korter of verdeel het over twee berichten.",
    "dicht": "Dit verzoek is al afgehandeld. Je kunt hier niet meer schrijven.",
    "soort": "Op dit soort verzoek kun je niet in de chat antwoorden.",
}
PORTAL_SENSITIVE_HIDDEN = "Alleen zichtbaar voor de klantmanager van deze cliënt."
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
    "intake": ("Intake", "Cliënten per stand van hun laatste intake."),
    "ladder": (
        "Participatieladder: voorstel en bevestigd",
        "Aantal cliënten per trede: v = voorstel van Werkmaatje (grijs), b = bevestigd door de klantmanager (blauw).",
    ),
    "opkomst": ("Opkomst bij trainingen", "Geregistreerde aanwezigheid bij bijeenkomsten van de laatste 90 dagen."),
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
PORTAL_LADDER_BAR = {
    "proposal": "Trede {trede}, voorstel",
    "confirmed": "Trede {trede}, bevestigd",
    "proposal_short": "{trede}v",
    "confirmed_short": "{trede}b",
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
PORTAL_TERMIJN_LEFT = "nog {tijd} binnen de termijn"
PORTAL_TERMIJN_OVER = "termijn {tijd} voorbij"
# Titles of the sections on a client's page that the code, not a template, names.
SECTION_TITLES = {"intake": "Intake en trede", "trainingen": "Trainingen"}
