"""The demo organisation and its plan, written for this product (Dutch, as the users write).

A VVT care group with two nursing-home locations, home care and day activities, a VAR and a
client council. Figures are plausible for an organisation of about 480 FTE.
"""

from __future__ import annotations

from decimal import Decimal as D  # noqa: N817 - short for the many figures below

ORGANISATION = {
    "name": "Zorggroep Het Voorbeeld",
    "slug": "het-voorbeeld",
    "sector": "vvt",
    "has_var": True,
    "has_client_council": True,
    "zorgkantoor": "Zorgkantoor Midden-Nederland",
}

# (code, name, parent code, FTE of the unit itself)
UNITS = [
    ("wonen", "Wonen en Zorg", None, D("4.0")),
    ("bongerd", "Locatie De Bongerd", "wonen", D("3.0")),
    ("bongerd-pg1", "De Bongerd – PG Lindelaan", "bongerd", D("38.5")),
    ("bongerd-pg2", "De Bongerd – PG Boomgaard", "bongerd", D("36.0")),
    ("bongerd-som", "De Bongerd – Somatiek", "bongerd", D("41.2")),
    ("anker", "Locatie Het Anker", "wonen", D("2.5")),
    ("anker-wg", "Het Anker – Wonen met zorg", "anker", D("44.8")),
    ("anker-kz", "Het Anker – Kortdurende zorg", "anker", D("27.6")),
    ("thuis", "Thuiszorg", None, D("3.5")),
    ("thuis-noord", "Wijkteam Noord", "thuis", D("31.4")),
    ("thuis-zuid", "Wijkteam Zuid", "thuis", D("29.9")),
    ("thuis-centrum", "Wijkteam Centrum", "thuis", D("33.7")),
    ("dagbesteding", "Dagbesteding De Ontmoeting", None, D("14.2")),
    ("diensten", "Ondersteunende diensten", None, D("48.0")),
]

# Units without care staff: their formation counts towards neither R5 nor R20.
NOT_CARE_STAFF = {"diensten"}

# (code, name, qualification level, care staff)
FUNCTION_GROUPS = [
    ("helpende", "Helpende Zorg en Welzijn", "mbo2", True),
    ("vig", "Verzorgende IG", "mbo3", True),
    ("vpk-mbo", "Verpleegkundige (mbo)", "mbo4", True),
    ("vpk-hbo", "Verpleegkundige (hbo)", "hbo", True),
    ("gastvrouw", "Gastvrouw / woonbegeleider", "mbo2", False),
    ("activiteiten", "Activiteitenbegeleider", "mbo4", False),
    ("teamleider", "Teamleider", "hbo", False),
    ("ondersteunend", "Medewerker ondersteunende dienst", "mbo3", False),
]

# (key, e-mail, first name, last name, roles, units managed, bodies {kind: (position, records)})
USERS = [
    ("author", "adviseur@soplan.example", "Adviseur", "Leren en Ontwikkelen", ["author"], [], {}),
    (
        "line_manager",
        "manager@soplan.example",
        "Manager",
        "Locatie De Bongerd",
        ["line_manager"],
        ["bongerd"],
        {},
    ),
    ("board_member", "bestuurder@soplan.example", "Bestuurder", "Raad van Bestuur", [], [], {"board": ("chair", True)}),
    ("or_member", "or@soplan.example", "Voorzitter", "Ondernemingsraad", [], [], {"or": ("chair", True)}),
    ("var_member", "var@soplan.example", "Voorzitter", "VAR", [], [], {"var": ("chair", True)}),
    ("cr_member", "cr@soplan.example", "Voorzitter", "Cliëntenraad", [], [], {"cr": ("chair", True)}),
    ("viewer", "lezer@soplan.example", "Lezer", "Afdeling Kwaliteit", ["viewer"], [], {}),
]

BODY_NAMES = {
    "board": "Raad van Bestuur",
    "or": "Ondernemingsraad",
    "var": "Verpleegkundige en Verzorgende Adviesraad",
    "cr": "Centrale Cliëntenraad",
}

PLAN = {
    "title": "Strategisch opleidingsplan 2027–2030",
    "start_year": 2027,
    "end_year": 2030,
    "preface": (
        "Goede zorg begint bij medewerkers die weten wat ze doen en zich blijven ontwikkelen. "
        "Dit strategisch opleidingsplan beschrijft hoe Zorggroep Het Voorbeeld de komende vier "
        "jaar investeert in de deskundigheid van haar teams.\n\n"
        "Het plan is in het voorjaar van 2026 opgesteld door de afdeling Leren en Ontwikkelen, "
        "samen met de locatiemanagers, de teams, de Ondernemingsraad, de VAR en de Centrale "
        "Cliëntenraad. In drie werksessies hebben we de thema's, de doelen en de interventies "
        "besproken en aangescherpt.\n\n"
        "Het plan is een werkdocument: we evalueren het elk jaar en stellen het bij waar nodig."
    ),
    "vision": (
        "Zorggroep Het Voorbeeld biedt ouderen in de regio wonen, zorg en ondersteuning, thuis en "
        "in onze locaties. Onze koers voor 2027–2030 heet **Samen thuis in zorg**.\n\n"
        "- Steeds meer ouderen wonen langer thuis; wie bij ons komt wonen, heeft complexere zorg "
        "nodig, vaak met dementie en meerdere aandoeningen tegelijk.\n"
        "- De arbeidsmarkt blijft krap. We verwachten dat een op de vijf medewerkers binnen vijf "
        "jaar met pensioen gaat.\n"
        "- Cliënten en hun naasten willen zelf regie houden; familie en vrijwilligers zijn "
        "partners in de zorg.\n"
        "- Technologie neemt werk uit handen: zorg op afstand, sensoren en e-health.\n\n"
        "Daarom kiezen we voor vakbekwame, zelfstandige teams met meer verpleegkundige "
        "deskundigheid dichtbij de cliënt, en voor een leercultuur waarin medewerkers van en met "
        "elkaar leren."
    ),
    "mix": (70, 20, 10),
}

VISION = {
    "desired": (
        "Leren gebeurt vooral in formele trainingen die medewerkers zelf aanvragen.",
        "Elk team heeft een jaarlijks leerplan; leren op de werkplek en van elkaar is vanzelfsprekend.",
    ),
    "coherence": (
        "Opleidingen sluiten nog beperkt aan op de koers; keuzes worden per locatie gemaakt.",
        "Elke leerinterventie is herleidbaar tot een strategisch thema en een doelstelling.",
    ),
    "forms": (
        "Klassikale scholing en verplichte e-learnings voor voorbehouden handelingen.",
        "Een mix van werkplekleren, intervisie, skillslab, e-learning en modulaire opleidingen (70-20-10).",
    ),
    "means": (
        "Centraal opleidingsbudget, een leerplatform dat vooral voor verplichte modules wordt gebruikt.",
        "Budget per team, een leerplatform met persoonlijke leerroutes en een skillslab per locatie.",
    ),
    "organisation": (
        "De afdeling Leren en Ontwikkelen regelt alles centraal en is budgethouder.",
        "Teams en teamleiders zijn eigenaar van hun leerplan; L&O adviseert en bewaakt de samenhang.",
    ),
    "contribution": (
        "Het effect van leren op de kwaliteit van zorg wordt niet gemeten.",
        "We volgen het effect via het MTO, cliënttevredenheid, verzuim en het behalen van de teamdoelen.",
    ),
    "route": (
        "—",
        "Stapsgewijs: in 2027 twee pilotteams per locatie, in 2028 alle teams, daarna jaarlijks bijstellen.",
    ),
}

# Themes: (key, kind, title, description, implications, [objectives])
# Objective: (key, description, indicator, target year)
THEMES = [
    (
        "vak",
        "profession",
        "Versterken van de beroepsgroep verzorgenden en verpleegkundigen",
        "De zorgvraag wordt complexer. We willen meer verpleegkundige deskundigheid dichtbij de "
        "cliënt en verzorgenden die hun vak met trots en zelfvertrouwen uitoefenen.",
        "Meer medewerkers op mbo-4 en hbo-niveau; verzorgenden IG leren klinisch redeneren; "
        "verpleegkundigen nemen de rol van regieverpleegkundige op.",
        [
            ("vak1", "Elk team in Wonen en Zorg heeft ten minste één hbo-verpleegkundige.", "Aantal teams met hbo-verpleegkundige", 2029),
            ("vak2", "Alle verzorgenden IG werken volgens de methodiek van klinisch redeneren.", "Percentage VIG dat de training heeft afgerond", 2028),
        ],
    ),
    (
        "dementie",
        "expertise",
        "Deskundig in dementie en multimorbiditeit",
        "Bijna driekwart van onze bewoners heeft dementie, vaak in combinatie met andere "
        "aandoeningen. We willen een expertisecentrum voor dementiezorg in de regio zijn.",
        "Kennis over ziektebeelden en omgaan met onbegrepen gedrag voor alle zorgmedewerkers; "
        "specialistische kennis bij dementiecoaches in elk team.",
        [
            ("dem1", "Elk PG-team heeft twee opgeleide dementiecoaches.", "Aantal gecertificeerde dementiecoaches", 2028),
            ("dem2", "Het aantal incidenten met onbegrepen gedrag daalt met 20 %.", "Incidentmeldingen per kwartaal", 2030),
        ],
    ),
    (
        "regie",
        "client_focus",
        "Eigen regie van cliënt en familie",
        "Cliënten bepalen zelf zo veel mogelijk hoe hun dag eruitziet. Familie en naasten zijn "
        "partners in de zorg.",
        "Medewerkers voeren het gesprek over wensen en levensdoelen, betrekken familie en kunnen "
        "goed communiceren, ook als dat lastig is.",
        [
            ("reg1", "Bij elke cliënt is een levensdoelengesprek gevoerd en vastgelegd.", "Percentage dossiers met levensdoelen", 2028),
            ("reg2", "De waardering van familie voor de communicatie stijgt naar een 8.", "Cijfer in het familieonderzoek", 2029),
        ],
    ),
    (
        "leercultuur",
        "learning_culture",
        "Een lerende organisatie",
        "We willen dat leren onderdeel is van het werk: reflecteren in het team, feedback geven "
        "en nieuwe collega's goed begeleiden.",
        "Teamleiders coachen; elk team reflecteert regelmatig; werkbegeleiders zijn opgeleid.",
        [
            ("cul1", "Elk team houdt ten minste zes keer per jaar intervisie of teamreflectie.", "Aantal reflectiemomenten per team", 2028),
            ("cul2", "Het verloop in het eerste jaar daalt van 25 % naar 15 %.", "Verloop nieuwe medewerkers binnen 12 maanden", 2030),
        ],
    ),
    (
        "digitaal",
        "digitalisation",
        "Digitalisering en zorgtechnologie",
        "Zorgtechnologie neemt werk uit handen en geeft cliënten meer vrijheid. Dat vraagt "
        "digitaal vaardige medewerkers.",
        "Basisvaardigheden voor iedereen; per team een zorgtechnologie-ambassadeur.",
        [
            ("dig1", "Elke medewerker beheerst de digitale basisvaardigheden voor het werk.", "Score digitale vaardighedentoets", 2028),
            ("dig2", "In de thuiszorg krijgt 30 % van de cliënten een deel van de zorg op afstand.", "Aandeel cliënten met zorg op afstand", 2030),
        ],
    ),
]

# Interventions: key → fields. Units by code, objectives by key, function groups by code.
INTERVENTIONS = [
    dict(
        key="hbo-vpk", title="Opleiding hbo-verpleegkunde in deeltijd (BBL)",
        description="Verzorgenden en mbo-verpleegkundigen met ambitie volgen de duale hbo-opleiding. De zorggroep betaalt studie en studie-uren.",
        learning_outcome="Gediplomeerd hbo-verpleegkundige die de regie over complexe zorg voert.",
        level="organisation", units=[], objectives=["vak1"], function_groups=["vig", "vpk-mbo"],
        work_forms=["course", "workplace"], years=[2027, 2028, 2029, 2030], topics=["disease"],
        horizon="long", is_big_training=True,
    ),
    dict(
        key="klinisch", title="Klinisch redeneren voor verzorgenden IG",
        description="Vier bijeenkomsten met casuïstiek uit de eigen teams, begeleid door een verpleegkundig specialist.",
        learning_outcome="Medewerkers signaleren veranderingen tijdig en onderbouwen hun observaties.",
        level="unit", units=["bongerd-pg1", "bongerd-pg2", "bongerd-som", "anker-wg", "anker-kz"], objectives=["vak2"],
        function_groups=["vig"], work_forms=["workshop", "workplace"], years=[2027, 2028], topics=["disease", "reflection"],
        horizon="medium",
    ),
    dict(
        key="regieverpleegkundige", title="Leergang regieverpleegkundige",
        description="Leergang van een half jaar voor hbo-verpleegkundigen over coördinatie van zorg, coachen van collega's en samenwerken met de specialist ouderengeneeskunde.",
        learning_outcome="De regieverpleegkundige coördineert de zorg rond cliënten met complexe zorgvragen.",
        level="organisation", units=[], objectives=["vak1"], function_groups=["vpk-hbo"],
        work_forms=["course", "coaching"], years=[2028, 2029], topics=["own_direction", "reflection"], horizon="medium",
    ),
    dict(
        key="dementiecoach", title="Opleiding dementiecoach",
        description="Verzorgenden en verpleegkundigen uit de PG-teams worden opgeleid tot dementiecoach en coachen hun collega's op de werkvloer.",
        learning_outcome="De dementiecoach herkent de oorzaken van onbegrepen gedrag en helpt het team met een passende aanpak.",
        level="unit", units=["bongerd-pg1", "bongerd-pg2"], objectives=["dem1", "dem2"], function_groups=["vig", "vpk-mbo"],
        work_forms=["course", "coaching"], years=[2027, 2028], topics=["disease", "reflection"], horizon="medium",
    ),
    dict(
        key="dementie-basis", title="Basiskennis dementie en multimorbiditeit",
        description="E-learning met praktijkopdrachten voor alle zorgmedewerkers en gastvrouwen, afgesloten met een teambespreking.",
        learning_outcome="Medewerkers kennen de meest voorkomende ziektebeelden en de gevolgen voor de dagelijkse zorg.",
        level="organisation", units=[], objectives=["dem2"], function_groups=["helpende", "vig", "gastvrouw"],
        work_forms=["elearning", "team_learning"], years=[2027, 2028, 2029, 2030], topics=["disease"], horizon="short",
    ),
    dict(
        key="levensdoelen", title="Training levensdoelengesprek",
        description="Training in het voeren van het gesprek over wensen, gewoonten en levensdoelen met cliënt en familie, met acteurs.",
        learning_outcome="Medewerkers voeren het gesprek en vertalen de uitkomst naar het zorgleefplan.",
        level="organisation", units=[], objectives=["reg1"], function_groups=["vig", "vpk-mbo", "vpk-hbo"],
        work_forms=["workshop", "skills_lab"], years=[2027, 2028], topics=["communication", "own_direction"], horizon="short",
    ),
    dict(
        key="familie", title="Samenwerken met familie en naasten",
        description="Teamsessies met familieleden en de cliëntenraad over verwachtingen, rollen en lastige gesprekken.",
        learning_outcome="Teams maken afspraken met familie en voeren moeilijke gesprekken met vertrouwen.",
        level="organisation", units=[], objectives=["reg2"], function_groups=["helpende", "vig", "vpk-mbo", "gastvrouw"],
        work_forms=["team_learning", "workshop"], years=[2028, 2029], topics=["communication", "own_direction"], horizon="medium",
    ),
    dict(
        key="intervisie", title="Intervisie en teamreflectie",
        description="Elk team reflecteert ten minste zes keer per jaar op casussen uit de eigen praktijk, begeleid door een getrainde collega.",
        learning_outcome="Teams leren van hun eigen praktijk en spreken elkaar aan op kwaliteit.",
        level="organisation", units=[], objectives=["cul1"], function_groups=["helpende", "vig", "vpk-mbo", "vpk-hbo"],
        work_forms=["intervision", "team_learning"], years=[2027, 2028, 2029, 2030], topics=["reflection"], horizon="short",
    ),
    dict(
        key="coachend", title="Coachend leidinggeven voor teamleiders",
        description="Leergang voor teamleiders over coachen, feedback en het begeleiden van zelfstandige teams.",
        learning_outcome="Teamleiders coachen hun teams in plaats van te sturen.",
        level="organisation", units=[], objectives=["cul1", "cul2"], function_groups=["teamleider"],
        work_forms=["course", "coaching"], years=[2027, 2028], topics=["reflection"], horizon="medium",
    ),
    dict(
        key="werkbegeleider", title="Opleiding werkbegeleider en leerafdeling",
        description="Werkbegeleiders worden opgeleid en op De Bongerd en Het Anker komen leerafdelingen waar studenten onder begeleiding samen zorg verlenen.",
        learning_outcome="Studenten en nieuwe collega's krijgen goede begeleiding; meer studenten blijven na hun diploma.",
        level="unit", units=["bongerd-som", "anker-wg"], objectives=["cul2"], function_groups=["vig", "vpk-mbo", "vpk-hbo"],
        work_forms=["learning_ward", "peer_coaching", "coaching"], years=[2027, 2028, 2029], topics=["reflection"], horizon="medium",
    ),
    dict(
        key="zij-instroom", title="Verkorte opleiding voor zij-instromers",
        description="Modulaire BBL-route naar helpende en verzorgende IG voor zij-instromers, met een vaste werkbegeleider.",
        learning_outcome="Zij-instromers behalen hun diploma en zijn inzetbaar in de wijkteams en locaties.",
        level="organisation", units=[], objectives=["cul2"], function_groups=["helpende", "vig"],
        work_forms=["modular", "workplace"], years=[2027, 2028, 2029, 2030], topics=["disease", "communication"], horizon="long",
    ),
    dict(
        key="digivaardig", title="Digitale vaardigheden voor iedereen",
        description="Korte modules en inloopspreekuren over het elektronisch cliëntdossier, het leerplatform en veilig werken met gegevens.",
        learning_outcome="Medewerkers gebruiken de digitale hulpmiddelen zelfstandig en veilig.",
        level="organisation", units=[], objectives=["dig1"], function_groups=["helpende", "vig", "vpk-mbo", "gastvrouw", "activiteiten"],
        work_forms=["elearning", "workshop"], years=[2027, 2028], topics=["communication"], horizon="short",
    ),
    dict(
        key="zorg-op-afstand", title="Zorg op afstand in de wijkteams",
        description="Training en begeleiding bij beeldbellen, medicijndispensers en sensoren in de thuiszorg, met een ambassadeur per wijkteam.",
        learning_outcome="Wijkteams zetten zorg op afstand in waar het de cliënt meer vrijheid geeft.",
        level="unit", units=["thuis-noord", "thuis-zuid", "thuis-centrum"], objectives=["dig2"], function_groups=["vig", "vpk-mbo", "vpk-hbo"],
        work_forms=["workshop", "coaching", "skills_lab"], years=[2028, 2029, 2030], topics=["own_direction", "communication"], horizon="long",
    ),
    dict(
        key="voorbehouden", title="Voorbehouden en risicovolle handelingen",
        description="Jaarlijkse toetsing en training van voorbehouden en risicovolle handelingen in het skillslab.",
        learning_outcome="Medewerkers zijn bekwaam en bevoegd voor de handelingen die zij uitvoeren.",
        level="organisation", units=[], objectives=["vak2"], function_groups=["vig", "vpk-mbo", "vpk-hbo"],
        work_forms=["skills_lab", "elearning"], years=[2027, 2028, 2029, 2030], topics=["disease"], horizon="short",
        already_running=True, funded_elsewhere=True, is_big_training=True,
    ),
]

# Qualification mix per unit: level → (now, desired in 2030)
QUALIFICATION = {
    "bongerd-pg1": {"mbo2": ("9.5", "7.0"), "mbo3": ("21.0", "20.0"), "mbo4": ("6.0", "7.5"), "hbo": ("0.0", "2.0")},
    "bongerd-pg2": {"mbo2": ("8.8", "6.5"), "mbo3": ("20.2", "19.5"), "mbo4": ("5.0", "6.5"), "hbo": ("0.8", "2.0")},
    "bongerd-som": {"mbo2": ("6.2", "5.0"), "mbo3": ("22.0", "21.0"), "mbo4": ("9.0", "9.5"), "hbo": ("1.0", "3.0")},
    "anker-wg": {"mbo2": ("12.0", "10.0"), "mbo3": ("24.6", "24.0"), "mbo4": ("6.2", "8.0"), "hbo": ("0.0", "1.5")},
    "anker-kz": {"mbo3": ("12.4", "11.0"), "mbo4": ("9.2", "9.5"), "hbo": ("4.0", "5.5")},
    "thuis-noord": {"mbo2": ("4.0", "3.0"), "mbo3": ("14.4", "13.0"), "mbo4": ("8.0", "8.5"), "hbo": ("4.0", "5.5")},
    "thuis-zuid": {"mbo2": ("3.5", "3.0"), "mbo3": ("13.9", "12.5"), "mbo4": ("8.5", "8.5"), "hbo": ("3.0", "5.0")},
    "thuis-centrum": {"mbo2": ("4.2", "3.5"), "mbo3": ("15.5", "14.0"), "mbo4": ("9.0", "9.5"), "hbo": ("4.0", "6.0")},
}

# Formation per unit: function group → (FTE now, retirement/yr, turnover/yr, growth/yr, BPV places)
FORMATION = {
    "bongerd-pg1": {"helpende": ("9.5", "0.4", "1.2", "0", "1.5"), "vig": ("21.0", "1.1", "2.4", "0.5", "3.0"), "vpk-mbo": ("6.0", "0.3", "0.6", "0.3", "1.0"), "teamleider": ("1.0", "0", "0.1", "0", "0")},
    "bongerd-pg2": {"helpende": ("8.8", "0.5", "1.0", "0", "1.5"), "vig": ("20.2", "1.0", "2.2", "0.5", "3.0"), "vpk-mbo": ("5.0", "0.2", "0.5", "0.3", "1.0"), "vpk-hbo": ("0.8", "0", "0.1", "0.3", "0.5")},
    "bongerd-som": {"helpende": ("6.2", "0.3", "0.8", "0", "1.0"), "vig": ("22.0", "1.2", "2.0", "0", "4.0"), "vpk-mbo": ("9.0", "0.5", "0.8", "0", "1.5"), "vpk-hbo": ("1.0", "0", "0.1", "0.5", "1.0")},
    "anker-wg": {"helpende": ("12.0", "0.8", "1.5", "-0.5", "2.0"), "vig": ("24.6", "1.4", "2.5", "0", "4.0"), "vpk-mbo": ("6.2", "0.4", "0.6", "0.4", "1.0"), "gastvrouw": ("2.0", "0.1", "0.3", "0", "0")},
    "anker-kz": {"vig": ("12.4", "0.6", "1.2", "0.4", "2.0"), "vpk-mbo": ("9.2", "0.5", "0.9", "0.3", "1.5"), "vpk-hbo": ("4.0", "0.2", "0.4", "0.4", "1.0")},
    "thuis-noord": {"helpende": ("4.0", "0.2", "0.5", "0", "0.5"), "vig": ("14.4", "0.8", "1.6", "0.6", "2.0"), "vpk-mbo": ("8.0", "0.4", "0.8", "0.4", "1.5"), "vpk-hbo": ("4.0", "0.2", "0.4", "0.3", "1.0")},
    "thuis-zuid": {"helpende": ("3.5", "0.2", "0.4", "0", "0.5"), "vig": ("13.9", "0.7", "1.5", "0.5", "2.0"), "vpk-mbo": ("8.5", "0.5", "0.8", "0.3", "1.5"), "vpk-hbo": ("3.0", "0.1", "0.3", "0.4", "1.0")},
    "thuis-centrum": {"helpende": ("4.2", "0.2", "0.5", "0", "0.5"), "vig": ("15.5", "0.9", "1.7", "0.6", "2.5"), "vpk-mbo": ("9.0", "0.5", "0.9", "0.4", "1.5"), "vpk-hbo": ("4.0", "0.2", "0.4", "0.4", "1.0")},
    "dagbesteding": {"activiteiten": ("10.2", "0.5", "0.8", "0.5", "1.0"), "helpende": ("4.0", "0.2", "0.4", "0", "0.5")},
    "diensten": {"ondersteunend": ("44.0", "1.8", "2.6", "-1.0", "1.0"), "teamleider": ("4.0", "0.2", "0.2", "0", "0")},
}

ACTIONS = [
    ("Nulmeting van het opleidingsniveau per team afronden en vastleggen in het HR-systeem.", "Afdeling HR", "2027-03-31"),
    ("Evaluatiemethode per thema uitwerken met de teams, de OR en de VAR (MTO, verzuim, verhalen).", "Leren en Ontwikkelen", "2027-06-30"),
    ("Regionale cijfers over uitstroom en studierendement meenemen in de jaarlijkse bijstelling.", "Leren en Ontwikkelen", "2027-10-01"),
]

# Step 4: the consultation round on the draft, before it went to the board (R6).
# Comments: (user key, section, text, reaction of the L&D author).
CONSULTATION = {
    "message": (
        "Hierbij het concept van het strategisch opleidingsplan 2027–2030. Wij horen graag of de "
        "thema's en de leerinterventies aansluiten bij wat u in de teams ziet. Lijnmanagers: geef "
        "ook de wensen van uw teams door, inclusief scholing die al loopt of elders wordt betaald."
    ),
    "days": 21,
    "comments": [
        (
            "or_member",
            "themes",
            "De OR mist bij het thema 'Een lerende organisatie' hoe medewerkers de tijd krijgen om te "
            "leren. Wat ons betreft geldt opleidingstijd als werktijd, ook voor e-learning en de "
            "hbo-opleiding in deeltijd.",
            "Terecht punt. We leggen vast dat opleidingstijd werktijd is; de uren staan per "
            "interventie in het opleidingsjaarplan (verletkosten), zodat de teams erop kunnen plannen.",
        ),
        (
            "var_member",
            "interventions",
            "De VAR steunt klinisch redeneren voor verzorgenden IG. Laat de bijeenkomsten wel "
            "uitgaan van casuïstiek uit de eigen teams; de VAR denkt graag mee over de opzet.",
            "Dank u. De bijeenkomsten werken met casussen uit de eigen teams, en twee leden van de "
            "VAR nemen deel aan de werkgroep die ze voorbereidt.",
        ),
        (
            "cr_member",
            "interventions",
            "De cliëntenraad vraagt om familie niet alleen te informeren maar ook te laten meedoen, "
            "bijvoorbeeld bij de training over het levensdoelengesprek.",
            "Goed idee: bij de training levensdoelengesprek spelen in 2027 familieleden uit de "
            "cliëntenraad mee in de oefengesprekken.",
        ),
    ],
    # The team wish of the line manager of De Bongerd, taken up in an existing intervention.
    "wish": {
        "unit": "bongerd-som",
        "text": (
            "Op De Bongerd – Somatiek begeleiden we volgend jaar zes BBL-studenten, maar we hebben "
            "maar twee opgeleide werkbegeleiders. Wij willen graag dat de opleiding tot werkbegeleider "
            "al in 2027 voor ons team start, en dat er op de Somatiek een leerafdeling komt."
        ),
        "intervention": "Opleiding werkbegeleider en leerafdeling",
        "reaction": (
            "Overgenomen: de opleiding werkbegeleider en de leerafdeling starten in 2027 op De "
            "Bongerd – Somatiek en Het Anker – Wonen met zorg."
        ),
    },
}

# Step 6: approval and consent of the plan, and the change of 2028 (art. 27 WOR).
BOARD_NOTE = (
    "Het plan sluit aan op de koers 2027–2030 en past binnen de meerjarenbegroting. De raad van "
    "bestuur keurt het goed en legt het ter instemming voor aan de Ondernemingsraad, de VAR en, "
    "waar nodig, de Centrale Cliëntenraad."
)
CONSENT = {
    "or": (
        "consented_with_conditions",
        "De OR stemt in onder de voorwaarde dat opleidingstijd als werktijd geldt, ook voor de "
        "hbo-opleiding in deeltijd, en dat de OR twee keer per jaar een voortgangsrapportage krijgt "
        "over de besteding van het opleidingsbudget, inclusief de 2 % van de loonsom.",
    ),
    "var": (
        "consented",
        "De VAR stemt in. Wij denken graag mee over de uitwerking van klinisch redeneren en de "
        "leergang regieverpleegkundige.",
    ),
    "cr": (
        "consented",
        "De Centrale Cliëntenraad stemt in. Wij vinden de aandacht voor eigen regie, het "
        "levensdoelengesprek en een zinvolle dag voor bewoners belangrijk en volgen dit graag.",
    ),
}
CHANGE = {
    "board_note": (
        "Wijziging naar aanleiding van de evaluatie over 2027: valpreventie in de wijkteams komt erbij "
        "en zorg op afstand start een jaar later, na de overstap naar een nieuwe leverancier."
    ),
    "objective": {
        "theme": "Deskundig in dementie en multimorbiditeit",
        "description": "Het aantal valincidenten bij thuiswonende cliënten daalt met 15 %.",
        "indicator": "Valincidenten per 1.000 cliënten in de thuiszorg",
        "target_year": 2030,
    },
    "intervention": dict(
        title="Valpreventie en veilig medicijngebruik in de wijk",
        description=(
            "Scholing en coaching op de werkplek voor de wijkteams: valrisico herkennen, de woning "
            "samen met cliënt en familie veiliger maken en medicatie bespreken met de huisarts en "
            "de apotheek."
        ),
        learning_outcome="Wijkteams signaleren valrisico tijdig en spreken samen met de cliënt maatregelen af.",
        level="unit", units=["thuis-noord", "thuis-zuid", "thuis-centrum"], function_groups=["vig", "vpk-mbo", "vpk-hbo"],
        work_forms=["workshop", "coaching"], years=[2028, 2029, 2030], topics=["disease", "own_direction"],
        horizon="medium",
    ),
    "delayed": {"title": "Zorg op afstand in de wijkteams", "years": [2029, 2030]},
    # Step 5 follows: the new intervention is paid from the organisation's own budget.
    "budget": dict(months=(3, 11), participants={2028: 60, 2029: 70, 2030: 70}, cost="120", hours="4",
                   rate="38.00", other="2500"),
    "growth": ("thuis-noord", "vig", "1.0"),
    "consent": {
        "or": ("consented", "De OR stemt in met de wijziging."),
        "cr": (
            "consented",
            "De Centrale Cliëntenraad stemt in; valpreventie is voor thuiswonende cliënten een "
            "belangrijk onderwerp.",
        ),
    },
}

# R11: the yearly board statement on the adopted plan, co-signed by the councils.
STATEMENT = {
    "year": 2027,
    "text": (
        "De raad van bestuur verklaart dat het strategisch opleidingsplan 2027–2030 in 2027 wordt "
        "uitgevoerd zoals vastgesteld. De ondernemingsraad, de VAR en de cliëntenraad zijn betrokken "
        "bij de uitvoering en worden twee keer per jaar geïnformeerd over de voortgang en de besteding "
        "van het opleidingsbudget."
    ),
    "remarks": {
        "cr": "De cliëntenraad volgt in het bijzonder de inzet van de extra middelen voor zinvolle daginvulling.",
    },
}

# R17: the evaluation of 2027, one result per objective in the plan's order (D1…D10; repeated if
# the plan has more): a mix of realised, partly and not realised, each with its evidence.
EVALUATION = {
    "year": 2027,
    "results": [
        ("realised", "4 van de 5 teams hebben een hbo-verpleegkundige", ["registration"],
         "Twee teams kregen een hbo-verpleegkundige via de verkorte opleiding."),
        ("partly", "62 % van de VIG'ers geschoold (doel 80 %)", ["registration", "appraisal"],
         "De training startte pas in het najaar door de zomerbezetting."),
        ("realised", "Elk PG-team heeft twee gecertificeerde dementiecoaches", ["registration"],
         "Alle coaches haalden hun certificaat."),
        ("not_realised", "Incidenten onbegrepen gedrag: 3 % minder (doel 20 %)", ["registration", "narrative"],
         "De coaches zijn pas sinds het najaar actief; het effect volgt later."),
        ("realised", "94 % van de dossiers bevat levensdoelen", ["registration"],
         "Uit de dossiercontrole blijkt dat het gesprek vrijwel overal is gevoerd."),
        ("partly", "Waardering familie 7,6 (doel 8)", ["survey"],
         "Het familieonderzoek laat verbetering zien, maar het doel is nog niet bereikt."),
        ("not_realised", "Gemiddeld 3 reflectiemomenten per team (doel 6)", ["appraisal", "narrative"],
         "Teams vonden moeilijk tijd; coaching op de werkplek kwam niet op gang."),
        ("realised", "Verloop in het eerste jaar 16 % (doel 15 % in 2030)", ["sick_leave", "survey"],
         "Het inwerkprogramma werkt: nieuwe collega's blijven langer."),
        ("realised", "Gemiddelde score digitale vaardigheden 7,4", ["registration", "survey"],
         "Vrijwel iedereen deed de basistoets en de e-learning."),
        ("partly", "18 % van de cliënten krijgt een deel van de zorg op afstand (doel 30 % in 2030)", ["registration"],
         "Op koers voor 2030; de teams thuiszorg vragen meer ondersteuning."),
    ],
    "themes_needing_attention": 1,  # the first theme needs extra attention in 2028
    "theme_note": "Extra aandacht voor de teams met veel nachtdiensten.",
    "conclusions": (
        "De meeste doelen liggen op koers. Scholing die in het najaar start, haalt het doel van het jaar "
        "niet; coaching op de werkplek vraagt meer sturing van de teamleiders."
    ),
    "attention_points": "De leergang eerder in het jaar plannen; teamleiders ondersteunen bij coaching op de werkplek.",
    "plan_change": "year_plan",
    "plan_change_reason": "Alleen de planning in het opleidingsjaarplan 2028 verschuift; de strategische doelen blijven.",
}

# R17: what the evaluation of 2027 rests on besides the registrations: an uploaded summary of the
# employee survey (MTO), and what the works council and the board said about the evaluation.
EVALUATION_EVIDENCE = {
    "filename": "mto-2027-samenvatting.pdf",
    "description": "Samenvatting medewerkerstevredenheidsonderzoek (MTO) 2027",
    "title": "Medewerkerstevredenheidsonderzoek 2027: samenvatting",
    "rows": [
        ("Respons", "68 %"),
        ("Tevredenheid over leren en ontwikkelen", "7,3 (2026: 6,9)"),
        ("Ik krijg tijd om te leren tijdens het werk", "58 % eens (2026: 51 %)"),
        ("Mijn leidinggevende bespreekt mijn ontwikkeling", "71 % eens (2026: 64 %)"),
        ("Ik ken de scholing die bij mijn functie hoort", "80 % eens"),
    ],
}
EVALUATION_COMMENTS = [
    # (who, comment, the author's reaction or "")
    ("or_member",
     "De ondernemingsraad herkent het beeld. Zorg dat teams met veel nachtdiensten de training ook overdag "
     "kunnen volgen, anders blijft het doel voor de VIG'ers achter.",
     "Terecht punt: in 2028 plannen we de leergang ook op twee middagen en één avond per blok."),
    ("board_member",
     "Goede evaluatie. Graag in het najaar een tussenstand van de reflectiemomenten per team.",
     ""),
]

# R11: the board statement of 2028, drawn from the evaluation of 2027.
STATEMENT_2028 = {
    "year": 2028,
    "text": (
        "De raad van bestuur verklaart dat het strategisch opleidingsplan in 2028 wordt uitgevoerd zoals "
        "vastgesteld, met de bijstelling van het opleidingsjaarplan uit de evaluatie van 2027. De "
        "ondernemingsraad, de VAR en de cliëntenraad zijn betrokken bij de evaluatie en de uitvoering."
    ),
    "explanations": {
        "partly": "De leergang is in 2028 naar het voorjaar verplaatst, zodat het doel dit jaar wordt gehaald.",
        "not_realised": "Teamleiders krijgen in 2028 een training in coachen op de werkplek; het doel blijft staan.",
    },
}
