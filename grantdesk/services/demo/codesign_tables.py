"""The co-design tables: meetings with minutes and decisions, action items, commitments.

Most meetings lie in the past; one is coming. Some action items fall due in the next days
(the Home view shows them); each body's pledge is valued in euro.
"""

from __future__ import annotations

from datetime import time
from decimal import Decimal
from typing import NamedTuple

from grantdesk.db.models import ActionItem, Commitment, Meeting, MeetingAttendee
from grantdesk.domain.vocab import CommitmentKind
from grantdesk.services.demo.codesign import PUNTO, RENO
from grantdesk.services.demo.context import GIULIA, MARCO, DemoContext


class MeetingSpec(NamedTuple):
    process: str
    offset: int
    hour: int
    place: str
    agenda: str
    minutes: str | None
    decisions: str | None
    attendees: tuple[str, ...]
    actions: tuple[tuple[str, str, int, bool], ...] = ()


_SALA_RG = "Sala consiliare dell’Unione, San Giorgio di Piano"
_CASA_PICCOLINI = "Casa del Sociale Piccolini, Vigevano"

MEETINGS = [
    MeetingSpec(
        RENO,
        -250,
        10,
        _SALA_RG,
        "1. Presentazione dell’avviso e delle regole del tavolo\n"
        "2. Mappatura delle fragilità nascoste nei comuni dell’Unione",
        "Presenti sei enti ammessi, il Distretto e le organizzazioni sindacali. Il Terzo "
        "settore descrive i nuclei che non si rivolgono ai servizi (anziani soli, lavoratori "
        "poveri, famiglie con debiti) e si propone come antenna sul territorio.",
        "Si costituiscono due gruppi di lavoro: accesso ai servizi e Budget di Salute.",
        (
            "elena_rg",
            "roberto_rg",
            "lucia_diritti",
            "matteo_accanto",
            "gianna_pane",
            "carlo_sms",
            "paola_sind",
        ),
        (
            (
                "Inviare la scheda di rilevazione delle fragilità agli enti",
                "Roberto Guidi",
                -243,
                True,
            ),
        ),
    ),
    MeetingSpec(
        RENO,
        -232,
        15,
        "Casa della Salute di San Pietro in Casale",
        "1. Budget di Salute: casa, lavoro e socialità\n2. Ruolo del Distretto Pianura Est",
        "Il Distretto illustra i progetti personalizzati in corso. Le cooperative mettono a "
        "disposizione appartamenti di transizione e tirocini.",
        "Il Distretto coordina le équipe; le cooperative gestiscono casa e lavoro.",
        ("elena_rg", "valeria_ausl", "tommaso_ausl", "matteo_accanto", "lucia_diritti"),
        (
            (
                "Stimare il costo medio di un progetto di Budget di Salute",
                "Tommaso Bonetti",
                -220,
                True,
            ),
        ),
    ),
    MeetingSpec(
        RENO,
        -212,
        10,
        _SALA_RG,
        "1. Impegni di ciascuna parte\n2. Testo dell’accordo operativo\n3. Monitoraggio",
        "Ogni ente dichiara le risorse messe a disposizione (denaro, ore di personale e di "
        "volontariato, spazi, beni, servizi). I sindacati aprono uno sportello di orientamento.",
        "Approvato il testo dell’accordo operativo contro la povertà; firma entro 30 giorni.",
        (
            "elena_rg",
            "roberto_rg",
            "valeria_ausl",
            "lucia_diritti",
            "matteo_accanto",
            "gianna_pane",
            "carlo_sms",
            "paola_sind",
        ),
        (
            (
                "Trasmettere il testo definitivo dell’accordo ai firmatari",
                "Elena Martelli",
                -205,
                True,
            ),
        ),
    ),
    MeetingSpec(
        RENO,
        -21,
        14,
        _SALA_RG,
        "1. Dati del primo semestre\n2. Nuclei intercettati e Budget di Salute attivati\n"
        "3. Prossima relazione",
        "131 nuclei intercettati dalla rete, 13 progetti di Budget di Salute attivi. Lo "
        "sportello sindacale ha orientato 58 persone.",
        "Si integra la scheda di monitoraggio con il dato degli accessi allo sportello.",
        ("elena_rg", "tommaso_ausl", "lucia_diritti", "matteo_accanto", "paola_sind", "giulia"),
        (
            (
                "Aggiornare la scheda di monitoraggio con gli accessi allo sportello",
                GIULIA,
                2,
                False,
            ),
            ("Raccogliere le firme dei nuovi aderenti all’accordo", "Roberto Guidi", 5, False),
            ("Preparare la bozza della relazione semestrale", MARCO, 7, False),
        ),
    ),
    MeetingSpec(
        PUNTO,
        -200,
        17,
        _CASA_PICCOLINI,
        "1. Profili di quartiere: risorse e portatori d’interesse\n2. Orari dei punti di ascolto",
        "Piccolini e Brughiera contano circa 5.000 abitanti. Emergono solitudine degli anziani "
        "e difficoltà ad accedere ai servizi comunali.",
        "Un’ora di ascolto a settimana per quartiere: martedì ai Piccolini, giovedì in Brughiera.",
        (
            "paolo_comune",
            "anna_comune",
            "luca_kcs",
            "sara_kcs",
            "elena_bdt",
            "franco_argento",
            "don_andrea",
            "nadia_comitato",
        ),
        (("Completare i profili di quartiere", "Sara Invernizzi", -190, True),),
    ),
    MeetingSpec(
        PUNTO,
        -185,
        17,
        _CASA_PICCOLINI,
        "1. Analisi SWOT\n2. Cronoprogramma delle azioni",
        "Punti di forza: reti di vicinato e parrocchia. Debolezze: pochi volontari giovani. "
        "Opportunità: Banca del Tempo. Minacce: sfiducia verso i servizi.",
        "Approvati SWOT e cronoprogramma; la verifica quantitativa si fa dopo tre mesi.",
        ("anna_comune", "sara_kcs", "elena_bdt", "franco_argento", "don_andrea", "giulia"),
        (("Inviare il cronoprogramma a tutti gli enti", MARCO, -180, True),),
    ),
    MeetingSpec(
        PUNTO,
        -70,
        18,
        "Oratorio San Francesco, Vigevano",
        "1. Verifica quantitativa dopo tre mesi\n2. Correttivi",
        "118 cittadini hanno ricevuto un servizio tramite la rete. Il punto di Brughiera è "
        "poco frequentato il giovedì.",
        "Il punto di Brughiera si sposta al sabato mattina, presso la Banca del Tempo.",
        ("paolo_comune", "sara_kcs", "elena_bdt", "franco_argento", "marco"),
        (
            ("Comunicare il nuovo orario del punto di Brughiera", "Sara Invernizzi", -60, True),
            ("Stampare i volantini in italiano, arabo e albanese", "Elena Moroni", 4, False),
        ),
    ),
    MeetingSpec(
        PUNTO,
        6,
        17,
        _CASA_PICCOLINI,
        "1. Dati del semestre\n2. Relazione al Comune dopo il primo anno",
        None,
        None,
        ("paolo_comune", "sara_kcs", "elena_bdt", "giulia"),
        (("Portare i dati aggiornati dei due punti di ascolto", "Sara Invernizzi", 5, False),),
    ),
]

# process, organization, kind, description, quantity, unit, unit value
COMMITMENTS = [
    (
        RENO,
        "reno_galliera",
        CommitmentKind.MONEY,
        "Quota dell’Unione per il fondo povertà",
        "1",
        None,
        "120000.00",
    ),
    (
        RENO,
        "ausl",
        CommitmentKind.STAFF_HOURS,
        "Ore di assistenti sociali e educatori del Distretto",
        "600",
        "ore",
        "32.50",
    ),
    (
        RENO,
        "accanto",
        CommitmentKind.STAFF_HOURS,
        "Operatori per i progetti di Budget di Salute",
        "900",
        "ore",
        "24.80",
    ),
    (
        RENO,
        "diritti",
        CommitmentKind.VOLUNTEER_HOURS,
        "Ascolto e accompagnamento ai servizi",
        "1200",
        "ore",
        "15.00",
    ),
    (
        RENO,
        "pane_rose",
        CommitmentKind.GOODS,
        "Pacchi alimentari per i nuclei in emergenza",
        "400",
        "pacchi",
        "25.00",
    ),
    (
        RENO,
        "sms",
        CommitmentKind.SPACES,
        "Sala della Società per gli incontri di gruppo",
        "12",
        "mesi",
        "350.00",
    ),
    (
        RENO,
        "sindacati",
        CommitmentKind.SERVICES,
        "Sportello di orientamento su lavoro e sostegni al reddito",
        "48",
        "aperture",
        "80.00",
    ),
    (
        PUNTO,
        "comune_vigevano",
        CommitmentKind.MONEY,
        "Contributo del Comune",
        "1",
        None,
        "40000.00",
    ),
    (
        PUNTO,
        "comune_vigevano",
        CommitmentKind.SPACES,
        "Due locali nei centri civici di quartiere",
        "24",
        "mesi",
        "200.00",
    ),
    (
        PUNTO,
        "kcs",
        CommitmentKind.STAFF_HOURS,
        "Operatori dei punti di ascolto (un’ora a settimana per quartiere, in coppia)",
        "208",
        "ore",
        "23.40",
    ),
    (
        PUNTO,
        "banca_tempo",
        CommitmentKind.VOLUNTEER_HOURS,
        "Volontari della Banca del Tempo",
        "300",
        "ore",
        "15.00",
    ),
    (
        PUNTO,
        "argento",
        CommitmentKind.VOLUNTEER_HOURS,
        "Accompagnamenti degli anziani",
        "250",
        "ore",
        "15.00",
    ),
    (
        PUNTO,
        "parrocchia",
        CommitmentKind.SPACES,
        "Oratorio per gli incontri serali",
        "10",
        "serate",
        "60.00",
    ),
]


def build_codesign_tables(ctx: DemoContext) -> None:
    """Meetings with attendees and action items, then every body's commitments."""
    for spec in MEETINGS:
        process = ctx.processes[spec.process]
        meeting = Meeting(
            process=process,
            held_at=ctx.due(spec.offset, time(spec.hour, 0)),
            place=spec.place,
            agenda=spec.agenda,
            minutes=spec.minutes,
            decisions=spec.decisions,
        )
        meeting.attendees = [
            MeetingAttendee(
                person_id=ctx.people[key].id,
                organization_id=ctx.people[key].organization_id,
            )
            for key in spec.attendees
        ]
        meeting.action_items = [
            ActionItem(description=text, owner=owner, due_on=ctx.day(due), done=done)
            for text, owner, due, done in spec.actions
        ]
        ctx.add(meeting)
    linked = _linked_budget_line(ctx)
    for process_key, org, kind, text, quantity, unit, value in COMMITMENTS:
        ctx.add(
            Commitment(
                process=ctx.processes[process_key],
                organization=ctx.orgs[org],
                kind=kind,
                description=text,
                quantity=Decimal(quantity),
                unit=unit,
                unit_value=Decimal(value),
                budget_line_id=linked if org == "accanto" else None,
            )
        )
    ctx.flush()


def _linked_budget_line(ctx: DemoContext) -> int | None:
    """The Budget di Salute proposal's first personnel line, which Accanto's hours pay for."""
    proposal = ctx.proposals.get("bds")
    if proposal is None:
        return None
    for line in proposal.budget_lines:
        if line.category == "personnel":
            return line.id
    return None
