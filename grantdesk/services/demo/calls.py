"""Calls of every rhythm, with their rules, required attachments and deadlines.

A bank foundation's three yearly sessions (an RRULE), a provincial call at ≤ 50 % and
≥ € 80.000, a region's single deadline, an EU call with several cut-offs, a ministry fund at
90/10, one call that excludes volunteer time and one that values it at € 15,00 an hour (and
asks for the volunteers' insurance), a prize for networks of at least four bodies.
Deadlines fall around ``today``: some overdue, some this week, this month and later.
"""

from __future__ import annotations

from datetime import datetime, time
from decimal import Decimal

from dateutil.rrule import rrulestr

from grantdesk.db.models import Call, CallRequirement, CallRule, Deadline
from grantdesk.domain.dates import rome_to_utc
from grantdesk.domain.vocab import CallStatus, DeadlineKind, LegalForm
from grantdesk.services.demo.context import GIULIA, MARCO, DemoContext

VIGEVANO_SESSIONS = "FREQ=YEARLY;BYMONTH=3,6,10;BYMONTHDAY=15"

_STANDARD_ATTACHMENTS = [
    ("Statuto e atto costitutivo del capofila", "statute", True),
    ("Ultimo bilancio approvato", "accounts", True),
    ("Lettere di partenariato firmate", None, True),
    ("Documento d’identità del legale rappresentante", "id_document", True),
    ("DURC in corso di validità (per le cooperative)", "durc", False),
]


def _session_dates(ctx: DemoContext) -> tuple[datetime, datetime]:
    """The Vigevano foundation's last session before today and the next one after it."""
    start = datetime(ctx.today.year - 2, 1, 1)
    rule = rrulestr(VIGEVANO_SESSIONS, dtstart=start)
    anchor = datetime.combine(ctx.today, time(0, 0))
    previous, following = rule.before(anchor), rule.after(anchor, inc=True)
    assert previous is not None and following is not None
    return rome_to_utc(previous.date()), rome_to_utc(following.date())


def _calls(ctx: DemoContext) -> dict[str, Call]:
    f, t, year = ctx.funders, ctx.theme_list, ctx.today.year
    third_sector = [LegalForm.ODV.value, LegalForm.APS.value, LegalForm.SOCIAL_ENTERPRISE.value]
    return {
        "vigevano": Call(
            funder=f["vigevano"],
            code=f"FCRV-SOC-{year}",
            title=f"Fondo per il sociale {year} – progetti di rete per l’inclusione",
            description="Contributi a progetti costruiti da più associazioni del territorio "
            "vigevanese. Tre sessioni l’anno; i fondi non assegnati passano alla sessione "
            "successiva. Il volontariato è valorizzabile a € 12,00/ora.",
            territory="Vigevano e Lomellina",
            url="https://fondazione-vigevano.example/sociale",
            status=CallStatus.GO,
            eligible_forms=third_sector,
            max_grant=Decimal("40000.00"),
            min_cofinancing_pct=Decimal("20"),
            overhead_cap_pct=Decimal("10"),
            volunteer_time_allowed=True,
            volunteer_hourly_value=Decimal("12.00"),
            min_partners=2,
            max_duration_months=24,
            recurrence=VIGEVANO_SESSIONS,
            themes=t("welfare di comunità", "povertà", "volontariato"),
        ),
        "cariplo": Call(
            funder=f["cariplo"],
            code=f"WIA-PV-{year}",
            title="Welfare in azione – Comunità che si prendono cura (Provincia di Pavia)",
            description="Bando provinciale per reti che ripensano i servizi di prossimità. "
            "Contributo non superiore al 50 % dei costi e non inferiore a € 80.000; "
            "il volontariato non è valorizzabile.",
            territory="Provincia di Pavia",
            url="https://fondazione-cariplo.example/wia",
            status=CallStatus.GO,
            eligible_forms=third_sector,
            min_grant=Decimal("80000.00"),
            max_grant=Decimal("250000.00"),
            min_total_cost=Decimal("160000.00"),
            max_grant_pct=Decimal("50"),
            min_cofinancing_pct=Decimal("50"),
            overhead_cap_pct=Decimal("10"),
            volunteer_time_allowed=False,
            min_partners=3,
            min_third_sector_partners=2,
            min_duration_months=24,
            max_duration_months=36,
            themes=t("welfare di comunità", "anziani"),
        ),
        "lombardia": Call(
            funder=f["lombardia"],
            code=f"RL-ABITARE-{year}",
            title="Avviso regionale “Abitare solidale” – housing sociale temporaneo",
            description="Sportello unico con scadenza unica. Sostiene percorsi di autonomia "
            "abitativa per persone in uscita da comunità e nuclei in emergenza.",
            territory="Regione Lombardia",
            status=CallStatus.WATCHING,
            max_grant=Decimal("120000.00"),
            min_cofinancing_pct=Decimal("30"),
            overhead_cap_pct=Decimal("7"),
            min_duration_months=12,
            max_duration_months=18,
            themes=t("abitare", "povertà"),
        ),
        "ue": Call(
            funder=f["ue"],
            code=f"ESF-{year}-SOCINNO",
            title="ESF+ Social Innovation+ – Inclusione attiva delle persone più vulnerabili",
            description="Call europea con più cut-off nell’anno. Partenariato transnazionale "
            "di almeno tre organizzazioni di due Stati membri.",
            territory="Stati membri dell’Unione europea",
            status=CallStatus.WATCHING,
            max_grant_pct=Decimal("80"),
            min_cofinancing_pct=Decimal("20"),
            overhead_cap_pct=Decimal("7"),
            min_partners=3,
            max_duration_months=36,
            source="eu_ft",
            external_id=f"ESF-{year}-SOCINNO-01",
            themes=t("inclusione lavorativa", "migranti"),
        ),
        "ministero": Call(
            funder=f["ministero"],
            code=f"MLPS-PE-{year}",
            title="Fondo per il contrasto della povertà educativa – avviso 90/10",
            description="Il Fondo copre fino al 90 % del costo; il restante 10 % è "
            "cofinanziamento del partenariato (anche in servizi e spazi).",
            territory="Italia",
            status=CallStatus.NEW,
            max_grant_pct=Decimal("90"),
            min_cofinancing_pct=Decimal("10"),
            max_grant=Decimal("500000.00"),
            min_partners=3,
            min_third_sector_partners=2,
            themes=t("minori e famiglie", "educazione", "povertà"),
        ),
        "lomellina": Call(
            funder=f["lomellina"],
            code=f"TEMPO-{year}",
            title="Bando “Tempo che conta” – il valore del volontariato",
            description="Il tempo dei volontari vale € 15,00 l’ora come cofinanziamento. "
            "Contributo fino al 60 %, con raccolta fondi del 15–20 % del contributo.",
            territory="Lomellina",
            status=CallStatus.GO,
            eligible_forms=[LegalForm.ODV.value, LegalForm.APS.value],
            max_grant=Decimal("25000.00"),
            max_grant_pct=Decimal("60"),
            volunteer_time_allowed=True,
            volunteer_hourly_value=Decimal("15.00"),
            overhead_cap_pct=Decimal("10"),
            max_duration_months=12,
            themes=t("volontariato", "banca del tempo"),
        ),
        "ravenna": Call(
            funder=f["ravenna"],
            code=f"RA-PATTO-{year}",
            title="Avviso per il “Patto di comunità” tra cittadini e Comune di Ravenna",
            description="Banco alimentare, cohousing, baratto e riuso, clausole sociali nei "
            "contratti di servizio: il Comune cerca alleati tra cittadini e associazioni.",
            territory="Ambito di Ravenna, Cervia e Russi",
            status=CallStatus.GO,
            max_grant=Decimal("30000.00"),
            min_cofinancing_pct=Decimal("10"),
            volunteer_time_allowed=True,
            volunteer_hourly_value=Decimal("16.50"),
            themes=t("partecipazione civica", "contrasto allo spreco alimentare", "abitare"),
        ),
        "ravenna_old": Call(
            funder=f["ravenna"],
            code=f"RA-COMUNITA-{year - 2}",
            title=f"Avviso “Comunità solidali” {year - 2} – recupero delle eccedenze",
            territory="Comune di Ravenna",
            status=CallStatus.CLOSED,
            max_grant=Decimal("20000.00"),
            themes=t("contrasto allo spreco alimentare"),
        ),
        "emilia": Call(
            funder=f["emilia"],
            code=f"ER-BDS-{year}",
            title=f"Progetti di “Budget di Salute” nel Distretto Pianura Est – annualità {year}",
            description="Progetti personalizzati su casa, lavoro e socialità per persone "
            "seguite dai servizi di salute mentale, costruiti con il Terzo settore.",
            territory="Distretto Pianura Est (BO)",
            status=CallStatus.SUBMITTED,
            max_grant=Decimal("150000.00"),
            min_cofinancing_pct=Decimal("15"),
            themes=t("salute mentale", "co-progettazione"),
        ),
        "messina": Call(
            funder=f["messina"],
            code=f"ME-WELFARE-{year - 1}",
            title="Avviso “Welfare integrato e trasparente”: mappatura dei servizi e qualità",
            description="Mappare i servizi sociali della città, rendere conto di servizi "
            "erogati e beneficiari, valutare sistematicamente la qualità.",
            territory="Comune di Messina",
            status=CallStatus.CLOSED,
            max_grant=Decimal("90000.00"),
            themes=t("welfare di comunità", "povertà"),
        ),
        "energia": Call(
            funder=f["energia"],
            code=f"CSR-{year}",
            title="Premio “Idee per l’abitare solidale” da € 20.000",
            description="Premia idee di reti di almeno quattro soggetti, di cui tre enti del "
            "Terzo settore, con un costo complessivo non superiore a € 40.000.",
            territory="Vigevano",
            status=CallStatus.NEW,
            max_grant=Decimal("20000.00"),
            max_total_cost=Decimal("40000.00"),
            min_partners=4,
            min_third_sector_partners=3,
            themes=t("abitare", "ambiente"),
        ),
        "cariplo_old": Call(
            funder=f["cariplo"],
            code=f"COES-PV-{year - 1}",
            title=f"Bando “Coesione sociale” {year - 1} – Provincia di Pavia",
            territory="Provincia di Pavia",
            status=CallStatus.CLOSED,
            max_grant_pct=Decimal("50"),
            min_grant=Decimal("80000.00"),
            themes=t("welfare di comunità"),
        ),
        "no_go": Call(
            funder=f["lombardia"],
            code=f"RL-SW-{year}",
            title="Voucher “Lavoro agile nelle PMI” – digitalizzazione d’impresa",
            territory="Regione Lombardia",
            status=CallStatus.NO_GO,
            no_go_reason="Rivolto alle imprese profit: gli enti del Terzo settore non sono "
            "ammessi come beneficiari.",
            themes=t("inclusione lavorativa"),
        ),
    }


def _rules(calls: dict[str, Call]) -> None:
    calls["cariplo"].rules = [
        CallRule(
            kind="category_cap",
            scope="coordination",
            limit_pct=Decimal("10"),
            note="Coordinamento ≤ 10 % del costo totale",
        ),
        CallRule(
            kind="category_cap",
            scope="professional_fees",
            limit_pct=Decimal("20"),
            note="Compensi professionali ≤ 20 %",
        ),
        CallRule(
            kind="min_partnership",
            params={"partners": 3, "third_sector": 2},
            note="Almeno 3 partner di cui 2 enti del Terzo settore",
        ),
    ]
    calls["lomellina"].rules = [
        CallRule(
            kind="fundraising_target",
            limit_pct=Decimal("15"),
            params={"min_pct": "15", "max_pct": "20", "of": "grant"},
            note="Raccolta fondi pari al 15–20 % del contributo richiesto",
        ),
    ]
    calls["vigevano"].rules = [
        CallRule(
            kind="category_cap",
            scope="overheads",
            limit_pct=Decimal("10"),
            note="Spese generali ≤ 10 %",
        ),
    ]
    calls["lombardia"].rules = [
        CallRule(
            kind="category_cap",
            scope="overheads",
            limit_pct=Decimal("7"),
            limit_amount=Decimal("5000.00"),
            note="Spese generali ≤ 7 % e comunque non oltre € 5.000",
        ),
    ]
    calls["ministero"].rules = [
        CallRule(
            kind="category_cap",
            scope="equipment",
            limit_pct=Decimal("15"),
            limit_amount=Decimal("30000.00"),
            note="Attrezzature ≤ 15 % e ≤ € 30.000",
        ),
    ]
    for key in ("cariplo", "vigevano", "lomellina", "ministero", "lombardia", "ravenna"):
        calls[key].requirements = [
            CallRequirement(position=i, name=name, document_kind=kind, mandatory=mandatory)
            for i, (name, kind, mandatory) in enumerate(_STANDARD_ATTACHMENTS, start=1)
        ]
    calls["lomellina"].requirements.append(
        CallRequirement(
            position=len(_STANDARD_ATTACHMENTS) + 1,
            name="Polizza assicurativa dei volontari in corso di validità",
            document_kind="insurance",
            mandatory=True,
        )
    )
    calls["emilia"].requirements = [
        CallRequirement(position=1, name="Scheda progetto firmata digitalmente"),
        CallRequirement(
            position=2, name="Accordo con il Distretto sanitario", document_kind="agreement"
        ),
    ]


def _deadlines(ctx: DemoContext, calls: dict[str, Call]) -> list[Deadline]:
    """Deadlines around today; internal reviews a few days before the funder's date."""
    previous, following = _session_dates(ctx)
    days_to_session = (following.date() - ctx.today).days
    c, d = calls, ctx.due
    app, pre, internal = (
        DeadlineKind.APPLICATION,
        DeadlineKind.PRE_APPLICATION,
        DeadlineKind.INTERNAL,
    )
    rows: list[tuple[str, DeadlineKind, str, datetime, str | None, bool]] = [
        ("vigevano", app, "Sessione precedente", previous, GIULIA, True),
        ("vigevano", app, "Prossima sessione", following, GIULIA, False),
        (
            "vigevano",
            internal,
            "Revisione interna del progetto di rete",
            d(max(1, days_to_session - 5), time(17, 0)),
            MARCO,
            False,
        ),
        (
            "cariplo",
            internal,
            "Revisione interna dell’idea progettuale",
            d(-3, time(17, 0)),
            MARCO,
            False,
        ),
        ("cariplo", pre, "Presentazione dell’idea progettuale", d(2), GIULIA, False),
        ("cariplo", internal, "Rilettura della domanda completa", d(38, time(17, 0)), MARCO, False),
        ("cariplo", app, "Domanda completa", d(45, time(17, 0)), GIULIA, False),
        ("lombardia", internal, "Verifica degli allegati", d(14, time(17, 0)), MARCO, False),
        ("lombardia", app, "Scadenza unica", d(18), MARCO, False),
        ("ue", app, "Primo cut-off", d(-35, time(17, 0)), GIULIA, True),
        ("ue", app, "Secondo cut-off", d(26, time(17, 0)), GIULIA, False),
        ("ue", app, "Terzo cut-off", d(118, time(17, 0)), GIULIA, False),
        ("ministero", app, "Presentazione delle proposte", d(62, time(13, 0)), MARCO, False),
        (
            "lomellina",
            internal,
            "Revisione interna del piano economico",
            d(-1, time(17, 0)),
            GIULIA,
            False,
        ),
        ("lomellina", app, "Scadenza del bando", d(5), GIULIA, False),
        ("ravenna", app, "Manifestazioni di adesione al Patto", d(22), MARCO, False),
        ("ravenna_old", app, "Scadenza", d(-700), None, True),
        ("emilia", app, "Presentazione dei progetti", d(-120), GIULIA, True),
        ("messina", app, "Scadenza", d(-420), None, True),
        ("energia", app, "Invio delle candidature", d(33, time(23, 59)), MARCO, False),
        ("cariplo_old", app, "Scadenza", d(-260), GIULIA, True),
        ("no_go", app, "Chiusura sportello", d(15), None, False),
    ]
    return [
        Deadline(
            call=c[key],
            kind=kind,
            stage=stage,
            due_at=due,
            owner=owner,
            done=done,
            reminder_days=[7, 2] if kind is internal else [14, 3],
        )
        for key, kind, stage, due, owner, done in rows
    ]


def build_calls(ctx: DemoContext) -> None:
    """Every call with its rules, required attachments and deadlines."""
    calls = _calls(ctx)
    _rules(calls)
    ctx.calls.update(calls)
    ctx.add(*calls.values())
    ctx.add(*_deadlines(ctx, calls))
    ctx.flush()
