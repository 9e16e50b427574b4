"""Word lists the intake parsers match on: how people really type (typos, "ff", "mn", no capitals).

Each table is ordered: the first pattern that matches wins, so a specific
phrase ("niet zo goed") comes before the word it contains ("goed"). Patterns
are regular expressions matched on the normalised text (see intake_parsing).
"""
from __future__ import annotations

from typing import Tuple

from nlu.distress_lexicon import MONEY_TROUBLE

Table = Tuple[Tuple[str, str], ...]

# Sectors for experience and wishes; keys are storage.models_intake.SECTORS.
SECTOR_WORDS: Table = (
    (r"\bzorg(?!taken)|verzorg|verpleeg|thuiszorg|ouderen|bejaarden|ziekenhuis|helpende|zorginstelling", "zorg"),
    (r"kinderopvang|onderwijs|\bschool\b|leraar|lerares|docent|\bjuf\b|onderwijsassist|pedagogisch", "onderwijs"),
    (r"techniek|technisch|monteur|elektr|installat|\blas(sen|ser)\b|metaal|garage|loodgiet|\bauto'?s\b", "techniek"),
    (r"logistiek|magazijn|orderpick|distributie|inpak|\bbol(\.com)?\b|pakketjes sorteren", "logistiek"),
    (r"\bbouw|timmer|metsel|stukad|schilder|sloop|steiger", "bouw"),
    (r"horeca|restaurant|\bkok\b|keuken|bediening|\bcaf[eé]\b|hotel|\bbar\b|afwas|snackbar|mcdonalds|\bmac\b", "horeca"),
    (r"schoonma|poets|reiniging|glazenwas", "schoonmaak"),
    (r"winkel|detailhandel|kassa|caissi|vakkenvul|supermarkt|verko(op|per)|\bjumbo\b|albert heijn|\bah\b|\blidl\b|\baction\b", "detailhandel"),
    (r"\bgroen|tuin|hovenier|plantsoen|kweker|\bkas(sen)?\b|landbouw|\bboer", "groen"),
    (r"administrat|kantoor|receptie|secretar|boekhoud|klantenservice|callcenter|\bbalie", "administratief"),
    (r"\bict\b|computer|programmeer|programmeren|software|\bit\b|helpdesk|website", "ict"),
    (r"productie|fabriek|lopende band|operator|assemblage", "productie"),
    (r"transport|chauffeur|vrachtwagen|\bbus\b|taxi|bezorg|koerier|\bpost\b", "transport"),
    (r"\boverig\b|\banders\b|iets anders", "overig"),
)

BENEFIT_WORDS: Table = (
    (r"\bioaw\b", "ioaw"),
    (r"\bioaz\b", "ioaz"),
    (r"bijstand|participatiewet|\bpw\b|van de gemeente|gemeente uitkering", "bijstand"),
    (r"\bww\b|werkloosheid|\buwv\b", "ww"),
    (r"geen uitkering|\bgeen\b|\bnee\b|nugger|niks", "geen"),
    (r"anders|wajong|\bwia\b|\bwao\b|\banw\b|iets anders", "anders"),
)

CHILDCARE_WORDS: Table = (
    (r"niet nodig|hoeft niet|zijn (al )?groot|oud genoeg|\bnvt\b|niet van toepassing", "niet_nodig"),
    (r"nog niet|niet geregeld|geen opvang|\bnee\b|niet echt|lastig", "niet_geregeld"),
    (r"geregeld|opvang|\bbso\b|oma|opa|\boppas|creche|crèche|\bja\b|ouders passen", "geregeld"),
)

LANGUAGE_WORDS: Table = (
    (r"heel slecht|bijna niet|nauwelijks|spreek geen|spreek (het )?niet|\bslecht\b|\bweinig\b|\bnee\b", "slecht"),
    (r"niet zo goed|niet heel goed|\bmatig\b|beetje|\bmoeilijk\b|ik leer (het )?nog|nog niet zo", "matig"),
    (r"redelijk|gaat wel|best goed|\baardig\b|voldoende|kan me redden|gaat prima met praten", "redelijk"),
    (r"heel goed|\bgoed\b|prima|vloeiend|moedertaal|perfect|uitstekend|ben (een )?nederlander|ben nederlands|geboren in nederland", "goed"),
)

INTEGRATION_WORDS: Table = (
    (r"\bbezig\b|volg ik nu|nog niet klaar|nog niet af|doe ik nu|ben ermee", "bezig"),
    (r"niet nodig|hoeft niet|\bnvt\b|niet van toepassing|ben nederlands|geboren in nederland|\bnee\b|nooit gehad", "niet_nodig"),
    (r"afgerond|\bklaar\b|gehaald|\bgedaan\b|\bja\b|examen|diploma", "afgerond"),
)

WEEK_WORDS: Table = (
    (r"vrijwillig|\bstage\b|werkervaring|leerwerk|meewerken bij", "vrijwilligerswerk"),
    (r"jobcoach|loonkostensubsidie|met begeleiding|\bbbl\b|beschut|met subsidie|aanvulling", "werk_met_steun"),
    (r"(?<!vrijwilligers)\bwerk\b|\bbaan\b|betaald|bijbaan|\bik werk|uren bij|\bbaantje\b", "betaald_werk"),
    (r"\bclub\b|vereniging|\bsport|voetbal|fitness|cursus|taalles|taalcafe|inburgering|buurthuis|dagbesteding|\bles\b|\bkoor\b|^activiteit$", "activiteit"),
    (r"vrienden|familie|\bburen\b|koffie|visite|op bezoek|kleinkind|\bmoeder\b|\bvader\b|\bzus\b|\bbroer\b|\bmaat\b|\bmaten\b|^contact$", "contact"),
    (r"\bthuis\b|binnen|niet veel|weinig|\bniks\b|\bniets\b|op de bank|alleen online|gamen|\btv\b|slapen", "thuis"),
)

RHYTHM_WORDS: Table = (
    (r"niet zo goed|geen ritme|chaotisch|moeilijk|\bslecht|lang slapen|slaap (vaak |heel |erg )?lang|laat op|bed niet uit|slaap slecht|nachtmens", "moeilijk"),
    (r"wisselend|wisselt|\bsoms\b|op en af|verschilt|ligt eraan|gaat wel", "wisselend"),
    (r"\bgoed\b|vast ritme|regelmatig|prima|vroeg op|elke dag om|strak|\bja\b", "goed"),
)

HEALTH_PHYSICAL = r"lichamelijk|fysiek|\brug\b|rugklachten|\bknie|pijn|astma|\bhart|diabetes|suiker|hernia|\bbeen\b|schouder|\barm\b|reuma|migraine|\bmoe\b"
HEALTH_MENTAL = r"psychisch|depressi|\bangst|stress|burn.?out|overspannen|\badhd\b|autis|psych|somber|trauma|ptss|paniek|\bggz\b"
HEALTH_NONE = r"\bgeen\b|gezond|prima|\bgoed\b|\bnee\b|\bniks\b|\bniets\b|geen klachten|gaat goed"


OBSTACLE_WORDS: Table = (
    (MONEY_TROUBLE, "schulden"),
    (r"geen werkervaring|nooit gewerkt|weinig ervaring|werkervaring", "geen_werkervaring"),
    (HEALTH_MENTAL, "psychisch"),
    (HEALTH_PHYSICAL + r"|gezondheid|beperking", "fysiek"),
    (r"opleiding|diploma|\bschool\b|startkwalificatie", "opleiding"),
    (r"sociaal|eenzaam|vreemde mensen|onder de mensen|contact met mensen|verlegen", "sociaal"),
    (r"leeftijd|te oud|\boud\b|te jong", "leeftijd"),
    (r"zorgtaken|zorg voor|mantelzorg|kinderen|\bkids\b|oppas|alleenstaand", "zorgtaken"),
    (r"\btaal\b|nederlands|spreek slecht", "taal"),
    (r"vervoer|geen auto|geen rijbewijs|\bfiets|\bov\b|openbaar vervoer|reizen|\bbus\b", "vervoer"),
)

CONTACT_WORDS: Table = (
    (r"e-?mail|\bmail", "email"),
    (r"bellen|telefo|\bbel\b|mobiel|opbellen", "telefoon"),
    (r"\bchat|telegram|\bapp|whatsapp|bericht|\bhier\b|typen", "chat"),
)

CERTIFICATE_WORDS: Table = (
    (r"\bvca\b", "vca"),
    (r"heftruck|reachtruck|vorkheftruck", "heftruck"),
    (r"rijbewijs|auto ?rijden|\bb-?rijbewijs|\bcode (95|c|b)\b", "rijbewijs"),
)

EDUCATION_LEVELS: Table = (
    (r"\bwo\b|universiteit|\buni\b|\bmaster\b|\bmsc\b|\bdrs\b", "wo"),
    (r"\bhbo\b|hogeschool|\bbachelor\b|\bpabo\b", "hbo"),
    (r"\bvwo\b|atheneum|gymnasium", "vwo"),
    (r"\bhavo\b", "havo"),
    (r"\bmbo ?-?(4|vier|niveau 4)\b|\bniveau ?4\b", "mbo-4"),
    (r"\bmbo ?-?(3|drie|niveau 3)\b|\bniveau ?3\b", "mbo-3"),
    (r"\bmbo ?-?(2|twee|niveau 2)\b|\bniveau ?2\b", "mbo-2"),
    (r"\bmbo ?-?(1|een|niveau 1)\b|\bniveau ?1\b|entree", "mbo-1"),
    (r"\bmbo\b", "mbo"),
    (r"\bvmbo\b|\bmavo\b|\bvbo\b|\blbo\b|\blts\b|\bmulo\b|huishoudschool|\bbasisberoeps|\bkader", "vmbo"),
    (r"basisschool|lagere school|\bbasis\b|geen opleiding|geen diploma|\bgeen\b|niet naar school", "basis"),
)
EDUCATION_NOT_FINISHED = r"niet (gehaald|afgemaakt|afgerond)|gestopt|zonder diploma|afgebroken|\bhalf\b|niet af\b|nooit afgemaakt"
EDUCATION_FINISHED = r"gehaald|diploma|afgerond|afgemaakt|\bgeslaagd|\bklaar\b"
# A startkwalificatie is a diploma at havo, vwo or mbo-2 level or higher (domain.md §3).
STARTKWALIFICATIE_LEVELS = ("mbo-2", "mbo-3", "mbo-4", "havo", "vwo", "hbo", "wo")
