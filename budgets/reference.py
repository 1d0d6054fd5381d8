"""The seed values of the reference data, taken from the sources (seed 000 step 5, seed 002).

These are *seed* values: the data migration and :func:`ensure` create the rows once, and from
then on the site administrator maintains them in the Django admin. Nothing else in the code
uses these figures; logic reads the rows.

Years after the last seeded scheme year: :meth:`budgets.models.FundingScheme.values_for`
applies the values of the latest scheme year at or before the plan year. Seed 002 fixes the
figures up to 2020 and calls the funds structural from then on, so a plan for 2027–2030 uses
the 2020 values until the administrator adds a newer year (which then wins for that year and
the years after it).

Migration ``0002_seed_reference_data`` runs :func:`ensure` with its historical models: keep the
function working with the fields of ``0001_initial`` (new fields need defaults).
"""

from __future__ import annotations

from decimal import Decimal as D  # noqa: N817 - short for the figures below

SOURCES = [
    {
        "code": "organisatiebudget",
        "name": "Organisatiebudget",
        "description": (
            "Het eigen opleidingsbudget van de organisatie, waaronder de 2 % van de loonsom uit de "
            "cao. BIG-scholing en verpleegtechnische scholing worden hieruit betaald (R13, R14)."
        ),
        "position": 10,
        "is_subsidy": False,
        "counts_towards_wage_bill_norm": True,
    },
    {
        "code": "stagefonds",
        "name": "Stagefonds",
        "description": "Bijdrage voor het bieden van stageplaatsen (BOL) in zorg en welzijn (seed 000, stap 5).",
        "position": 20,
    },
    {
        "code": "praktijkleren",
        "name": "Subsidieregeling Praktijkleren",
        "description": "Tegemoetkoming voor werkgevers die praktijkleerplaatsen bieden (BBL, duaal) (seed 000, stap 5).",
        "position": 30,
    },
    {
        "code": "nza-beschikbaarheidsbijdrage",
        "name": "NZa-beschikbaarheidsbijdrage",
        "description": "De beschikbaarheidsbijdrage van de NZa voor (vervolg)opleidingen (seed 000, stap 5).",
        "position": 40,
    },
    {
        "code": "extra-middelen-wlz",
        "name": "Extra middelen Wlz",
        "description": (
            "Extra middelen Waardigheid en trots voor deskundigheidsbevordering en zinvolle "
            "daginvulling. Alleen met instemming van Cliëntenraad, OR en (indien aanwezig) VAR. "
            "Niet voor verpleegtechnische handelingen of BIG-scholing: die komen uit de 2 % van de "
            "loonsom (seed 002, R10, R13)."
        ),
        "position": 50,
        "excludes_big_training": True,
        "requires_client_council_consent": True,
    },
    {
        "code": "sectorplan",
        "name": "Sectorplan",
        "description": (
            "Subsidieregeling van het ministerie van SZW: 50 % financiering voor mobiliteit en "
            "scholing. De eigen 50 % co-financiering mag niet uit andere subsidieregelingen komen "
            "(seed 002)."
        ),
        "position": 60,
        "max_share_percent": D("50.00"),
        "own_share_not_from_subsidy": True,
    },
    {
        "code": "overig",
        "name": "Overige financiering",
        "description": "Andere fondsen of bijdragen, bijvoorbeeld een regionaal opleidingsfonds.",
        "position": 90,
    },
]

SCHEME = {
    "code": "waardigheid-en-trots",
    "name": "Extra middelen Wlz – Waardigheid en trots",
    "source": "extra-middelen-wlz",
    "basis": (
        "Een opslag op de maximum beleidsregelwaarde van ZZP en VPT V&V 4–10 (inclusief en "
        "exclusief behandeling) voor de afgesproken productie (NZa CA-BR-1607/1609)."
    ),
    "split_tolerance": D("2.00"),
    "structural_envelope": D("210.0"),
    "description": (
        "Factsheet VWS/ActiZ/ZN (seed 002). De verdeling tussen opleiden en zinvolle daginvulling "
        "is indicatief; een zorgaanbieder mag ervan afwijken als de Cliëntenraad en de OR/VAR "
        "instemmen (R16). Voor jaren na het laatst ingevulde jaar gelden de waarden van dat jaar."
    ),
}

_PERCENTAGE_NOTE = (
    "Het factsheet noemt een voorlopig percentage van 1,3 % (het wordt niet lager); de NZa stelt "
    "het percentage per jaar vast. Pas het aan zodra het definitieve percentage bekend is."
)

# (year, % of the maximum tariff, indicative training %, day activities %, national envelope in M€)
SCHEME_YEARS = [
    (2016, D("1.30"), D("36.00"), D("64.00"), D("185.0")),
    (2017, D("1.30"), D("38.00"), D("62.00"), D("160.0")),
    (2018, D("1.30"), D("38.00"), D("62.00"), D("160.0")),
    (2019, D("1.30"), D("41.00"), D("59.00"), D("165.0")),
    (2020, D("1.30"), D("56.00"), D("44.00"), D("210.0")),
]


def ensure(funding_source, funding_scheme, funding_scheme_year) -> None:
    """Create the seed rows that do not exist yet; never overwrite the administrator's changes.

    Takes the model classes so that the data migration can pass its historical models.
    """
    sources = {}
    for spec in SOURCES:
        spec = dict(spec)
        code = spec.pop("code")
        sources[code], _created = funding_source.objects.get_or_create(code=code, defaults=spec)
    spec = dict(SCHEME)
    code = spec.pop("code")
    spec["source"] = sources[spec["source"]]
    scheme, _created = funding_scheme.objects.get_or_create(code=code, defaults=spec)
    for year, percentage, training, day, envelope in SCHEME_YEARS:
        funding_scheme_year.objects.get_or_create(
            scheme=scheme,
            year=year,
            defaults={
                "tariff_percentage": percentage,
                "training_share": training,
                "day_activities_share": day,
                "national_envelope": envelope,
                "is_provisional": True,
                "note": _PERCENTAGE_NOTE,
            },
        )


def ensure_reference_data() -> None:
    """The same with the current models (tests that flush the database, the demo seeder)."""
    from .models import FundingScheme, FundingSchemeYear, FundingSource

    ensure(FundingSource, FundingScheme, FundingSchemeYear)
