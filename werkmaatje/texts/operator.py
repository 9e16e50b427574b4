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

# What the `werkmaatje` subcommands print, and the errors they stop with.
NO_MODEL = "Geen getraind model in {map}. Draai eerst `make install`."
LINK_CLIENT = "Cliënt: {client_id}"
LINK_KOPPELCODE = "Koppelcode: {koppelcode} (eenmalig, {dagen} dagen geldig)"
LINK_DEEPLINK = "Link: {link}"
CASEWORKER_ADDED = "Medewerker {email} toegevoegd ({rol})."
DATABASE_UPGRADED = "Database is bijgewerkt."
CLIENT_NOT_FOUND = "Cliënt {client_id} bestaat niet."
RASA_DID_NOT_START = "Rasa startte niet op tijd."
SERVICE_DIED = "{dienst} is gestopt (exit {code}); de andere diensten stoppen ook."
AGREEMENT_NEEDS_PERIOD = "Geef bij --aantal ook --periode-weken op, bijvoorbeeld --aantal 4 --periode-weken 4."
AGREEMENT_EXEMPT_NO_PERIOD = "--vrijgesteld gaat niet samen met --periode-weken."
AGREEMENT_EXEMPT = "Cliënt {client_id} is vrijgesteld van de sollicitatieplicht (vanaf {vanaf})."
AGREEMENT_SET = "Afspraak voor {client_id}: {aantal} sollicitaties per {weken} weken, periodes vanaf {vanaf}."
PORTAL_RUNNING = "Portaal op http://{host}:{port}/ (stoppen: Ctrl-C)"
NEW_PASSWORD_PROMPT = "Nieuw wachtwoord (minstens 12 tekens): "
CASEWORKER_NOT_FOUND = "Medewerker {email} bestaat niet."
PASSWORD_SET = "Wachtwoord van {email} is gezet."
DEMO_ONLY_IN_DEVELOPMENT = "Demodata alleen in development (WERKMAATJE_ENV=development): er staan bekende wachtwoorden in."
DEMO_EXISTS = "De demodata staat er al in deze database."
DEMO_MADE = "Demodata gemaakt: {aantal} cliënten in {gemeenten}."
DEMO_PASSWORD = "Wachtwoord voor alle demo-accounts: {wachtwoord}"
CLIENT_CLOSED = "Dossier {client_id} is gesloten; de bewaartermijn loopt vanaf nu."
UNKNOWN_MOMENT = "Onbekend moment '{moment}': gebruik JJJJ-MM-DD UU:MM, bijvoorbeeld 2026-12-01 10:00."
MOMENT_PASSED = "Dit moment is al voorbij."
APPOINTMENT_NOT_FOUND = "Afspraak {appointment_id} bestaat niet."
APPOINTMENT_PLANNED = "Afspraak {appointment_id} gepland; {aantal} herinnering(en)."
APPOINTMENT_CANCELLED = "Afspraak {appointment_id} geannuleerd; de herinneringen gaan niet meer uit."
GEMEENTE_NOT_FOUND = "Gemeente '{gemeente}' bestaat niet."
NO_TRAININGS = "geen"
TRAINING_NOT_IN_CATALOGUE = "Training '{training}' staat niet in de catalogus van {gemeente} (wel: {bekend})."
SESSION_IN_PAST = "Een bijeenkomst ligt in het verleden."
SIGNUP_CLOSES_TOO_LATE = "Aanmelden moet kunnen sluiten vóór de eerste bijeenkomst."
EDITION_PLANNED = "Editie {edition_id} van '{titel}' gepland: {sessies} bijeenkomst(en), {plaatsen} plaatsen."
EDITION_NOT_FOUND = "Editie {edition_id} bestaat niet."
TRAINING_LEFT_CATALOGUE = "Training '{training}' staat niet meer in de catalogus; nodig mensen uit met --client."
INVITATIONS_QUEUED = "{aantal} uitnodiging(en) klaargezet; ze gaan uit buiten de rusttijden."
SESSION_NOT_FOUND = "Bijeenkomst {session_id} bestaat niet."
SESSION_CANCELLED = "Bijeenkomst {session_id} geannuleerd; {aantal} deelnemer(s) krijgen bericht."
ATTENDANCE_NEEDS_CLIENTS = "Geef --aanwezig en/of --afwezig met cliënt-id's."
ATTENDANCE_SAVED = "Aanwezigheid van {aantal} deelnemer(s) opgeslagen voor bijeenkomst {session_id}."
SIGNUP_CLOSED = "Aanmelden voor deze editie is gesloten."
CLIENT_OF_OTHER_GEMEENTE = "Een van de cliënten hoort bij een andere gemeente."
# Logged when a child process ignores SIGTERM and is killed.
SERVICE_WONT_STOP = "%s stopt niet; geforceerd"
# The bot refuses to start a webhook Telegram cannot reach or anyone could post to.
WEBHOOK_NEEDS_URL = "De webhook vraagt TELEGRAM_WEBHOOK_URL: het https-adres waarop Telegram de berichten aflevert."
WEBHOOK_NEEDS_SECRET = "De webhook vraagt TELEGRAM_WEBHOOK_SECRET, zodat alleen Telegram berichten kan sturen."
