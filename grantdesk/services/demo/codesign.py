"""Two complete co-design processes (Art. 55 CTS) from the seed situations.

The Unione Reno Galliera's operational agreement against poverty (Union, third sector,
unions, "Budget di Salute") and the Comune di Vigevano's "Punto per Te" listening points run
by cooperative KCS in two neighbourhoods, both in monitoring; and Ravenna's community pact
on housing and fragility, whose notice is open (applications close in twelve days), so the
pipeline, the Calendar and Home show a process under way. Built in two steps: the processes
first (proposals refer to them), then the tables (meetings), which refer to the proposals'
budget lines. Every step date is mirrored by a deadline, as the editor keeps them.
"""

from __future__ import annotations

import random
from datetime import date, time
from decimal import Decimal

from grantdesk.db.models import (
    CoDesignApplication,
    CoDesignProcess,
    Deadline,
    Indicator,
    IndicatorMeasurement,
)
from grantdesk.domain.vocab import ApplicationOutcome, CoDesignStatus, DeadlineKind
from grantdesk.i18n import load_catalogue
from grantdesk.services.codesign_steps import sync_step_deadlines
from grantdesk.services.demo.context import GIULIA, MARCO, DemoContext, seeded
from grantdesk.services.demo.identifiers import cup

RENO = "reno"
PUNTO = "punto"
RAVENNA = "ravenna"

_ADMITTED, _EXCLUDED = ApplicationOutcome.ADMITTED, ApplicationOutcome.EXCLUDED
_PENDING = ApplicationOutcome.PENDING


def build_codesign_processes(ctx: DemoContext) -> None:
    """The processes, their applications, indicators and deadlines."""
    rng = seeded("codesign")
    o, d = ctx.orgs, ctx.day
    reno = CoDesignProcess(
        promoter=o["reno_galliera"],
        title="Accordo operativo per il contrasto alla povertà – Unione Reno Galliera",
        cup=cup(rng, ctx.day(-320).year),
        rup="Elena Martelli",
        budget=Decimal("480000.00"),
        duration_months=36,
        territory="Unione Reno Galliera (Argelato, Bentivoglio, Castello d’Argile, Castel "
        "Maggiore, Galliera, Pieve di Cento, San Giorgio di Piano, San Pietro in Casale)",
        description="Co-progettazione tra l’Unione, gli enti del Terzo settore e le "
        "organizzazioni sindacali: il Terzo settore come “antenna” sulle fragilità nascoste, "
        "progetti di Budget di Salute con il Distretto Pianura Est, un accordo operativo che "
        "elenca gli impegni di ciascuna parte.",
        status=CoDesignStatus.MONITORING,
        decided_on=d(-320),
        notice_published_on=d(-290),
        applications_due_at=ctx.due(-265),
        approved_on=d(-215),
        agreement_signed_on=d(-190),
        themes=ctx.theme_list("povertà", "co-progettazione", "welfare di comunità"),
    )
    punto = CoDesignProcess(
        promoter=o["comune_vigevano"],
        title="“Punto per Te” – punti di ascolto nei quartieri Piccolini e Brughiera",
        cup=cup(rng, ctx.day(-260).year),
        rup="Paolo Ranzani",
        budget=Decimal("68000.00"),
        duration_months=24,
        territory="Vigevano – quartieri Piccolini e Brughiera (circa 5.000 abitanti)",
        description="Un’ora di ascolto a settimana in ciascuno dei due quartieri, con la "
        "cooperativa KCS e le associazioni; profili di quartiere con risorse e portatori "
        "d’interesse, analisi SWOT, cronoprogramma delle azioni e verifica quantitativa "
        "dell’impatto dopo tre mesi.",
        status=CoDesignStatus.MONITORING,
        decided_on=d(-260),
        notice_published_on=d(-240),
        applications_due_at=ctx.due(-215),
        approved_on=d(-190),
        agreement_signed_on=d(-160),
        themes=ctx.theme_list("welfare di comunità", "anziani", "co-progettazione"),
    )
    reno.applications = [
        CoDesignApplication(organization=o[k], received_on=d(-268 + i), outcome=_ADMITTED)
        for i, k in enumerate(("diritti", "accanto", "pane_rose", "sms", "sindacati"))
    ] + [
        CoDesignApplication(
            organization=o["albero"],
            received_on=d(-266),
            outcome=_EXCLUDED,
            exclusion_reason="Nessuna sede operativa nel territorio dell’Unione Reno Galliera "
            "(requisito dell’art. 4 dell’avviso).",
        )
    ]
    punto.applications = [
        CoDesignApplication(organization=o[k], received_on=d(-220 + i), outcome=_ADMITTED)
        for i, k in enumerate(("kcs", "banca_tempo", "argento", "parrocchia"))
    ] + [
        CoDesignApplication(
            organization=o["comitato"],
            received_on=d(-216),
            outcome=_EXCLUDED,
            exclusion_reason="Un gruppo informale non può sottoscrivere l’accordo: il "
            "Comitato partecipa ai tavoli come uditore.",
        )
    ]
    ravenna = _ravenna(ctx, rng)
    ctx.processes.update({RENO: reno, PUNTO: punto, RAVENNA: ravenna})
    ctx.add(reno, punto, ravenna)
    ctx.flush()
    ctx.add(*_indicators(ctx, reno, punto), *_deadlines(ctx, reno, punto))
    # The example data is Italian whatever the language of the desk that loads it.
    italian = load_catalogue("it")
    for process in (reno, punto, ravenna):
        sync_step_deadlines(ctx.session, process, lambda msgid: italian.get(msgid, msgid))
    ctx.flush()


def _ravenna(ctx: DemoContext, rng: random.Random) -> CoDesignProcess:
    """Ravenna's community pact: notice published, applications open for twelve more days."""
    o, d = ctx.orgs, ctx.day
    process = CoDesignProcess(
        promoter=o["comune_ravenna"],
        title="Patto di comunità per l’abitare e le fragilità – ambito di Ravenna, Cervia e Russi",
        cup=cup(rng, ctx.day(-45).year),
        rup="Monica Zanetti",
        budget=Decimal("150000.00"),
        duration_months=24,
        territory="Ravenna, Cervia e Russi – quartieri Darsena e San Rocco",
        description="Un patto tra cittadini e Comune: chi sono i fragili, come raggiungerli, "
        "denaro o servizi, come misurarne gli effetti. Coabitazione solidale, baratto e "
        "riuso, banco alimentare di comunità e clausole sociali nei contratti di servizio.",
        status=CoDesignStatus.APPLICATIONS,
        decided_on=d(-45),
        notice_published_on=d(-10),
        applications_due_at=ctx.due(12),
        themes=ctx.theme_list("povertà", "co-progettazione", "welfare di comunità"),
    )
    process.applications = [
        CoDesignApplication(organization=o["banco_ravenna"], received_on=d(-4), outcome=_PENDING),
        CoDesignApplication(organization=o["sentiero"], received_on=d(-2), outcome=_PENDING),
    ]
    return process


def _indicators(ctx: DemoContext, reno: CoDesignProcess, punto: CoDesignProcess) -> list[Indicator]:
    d, q = ctx.day, Decimal

    def measured(day: date, value: int | str, note: str | None = None) -> IndicatorMeasurement:
        return IndicatorMeasurement(measured_on=day, value=q(value), note=note)

    return [
        Indicator(
            codesign_id=reno.id,
            position=1,
            name="Nuclei familiari intercettati dalla rete (fragilità nascoste)",
            unit="nuclei",
            baseline=q(0),
            target=q(250),
            actual=q(131),
            measurements=[
                measured(d(-160), 22, "Primo mese dopo la firma"),
                measured(d(-120), 64),
                measured(d(-75), 97),
                measured(d(-30), 131, "Dato del semestre"),
            ],
        ),
        Indicator(
            codesign_id=reno.id,
            position=2,
            name="Progetti di Budget di Salute attivati",
            unit="progetti",
            baseline=q(4),
            target=q(20),
            actual=q(13),
            measurements=[
                measured(d(-160), 5),
                measured(d(-120), 9),
                measured(d(-75), 11),
                measured(d(-30), 13),
            ],
        ),
        Indicator(
            codesign_id=punto.id,
            position=1,
            name="Cittadini che hanno ricevuto un servizio tramite la rete",
            unit="persone",
            baseline=q(0),
            target=q(400),
            actual=q(205),
            measurements=[
                measured(d(-130), 37, "Primo mese di apertura dei punti di ascolto"),
                measured(d(-100), 74),
                measured(d(-70), 118, "Verifica quantitativa dopo tre mesi"),
                measured(d(-40), 163),
                measured(d(-10), 205),
            ],
        ),
        Indicator(
            codesign_id=punto.id,
            position=2,
            name="Misure di sostegno al reddito erogate nel distretto",
            unit="misure",
            baseline=q(450),
            actual=q(571),
            measurements=[
                measured(date(2009, 12, 31), 450, "Anno di riferimento"),
                measured(date(2014, 12, 31), 571, "+26 % rispetto al 2009"),
            ],
        ),
        Indicator(
            codesign_id=punto.id,
            position=3,
            name="Persone in carico ai servizi sociali",
            unit="persone",
            actual=q(2643),
            measurements=[measured(date(2015, 6, 30), 2643, "Dato a metà 2015")],
        ),
        Indicator(
            codesign_id=punto.id,
            position=4,
            name="Ore di apertura dei punti di ascolto",
            unit="ore",
            baseline=q(0),
            target=q("104"),
            actual=q("39.5"),
            measurements=[
                measured(d(-100), "12"),
                measured(d(-70), "22.5", "Il punto di Brughiera passa al sabato"),
                measured(d(-40), "31"),
                measured(d(-10), "39.5"),
            ],
        ),
    ]


def _deadlines(ctx: DemoContext, reno: CoDesignProcess, punto: CoDesignProcess) -> list[Deadline]:
    report = DeadlineKind.REPORT
    return [
        Deadline(
            codesign_id=reno.id,
            kind=report,
            stage="Relazione semestrale di monitoraggio",
            due_at=ctx.due(9),
            owner=GIULIA,
        ),
        Deadline(
            codesign_id=reno.id,
            kind=report,
            stage="Verifica annuale dell’accordo",
            due_at=ctx.due(175),
            owner="Elena Martelli",
        ),
        Deadline(
            codesign_id=punto.id,
            kind=DeadlineKind.INTERNAL,
            stage="Raccolta dei dati dei punti di ascolto",
            due_at=ctx.due(3, time(17, 0)),
            owner=MARCO,
            reminder_days=[2],
        ),
        Deadline(
            codesign_id=punto.id,
            kind=report,
            stage="Relazione al Comune dopo il primo anno",
            due_at=ctx.due(40),
            owner="Sara Invernizzi",
        ),
    ]
