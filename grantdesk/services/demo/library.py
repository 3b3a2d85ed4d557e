"""Reusable text blocks (presentations, methodology, standard clauses) and good practices."""

from __future__ import annotations

from grantdesk.db.models import Practice, TextBlock
from grantdesk.domain.text import fold
from grantdesk.services.demo.context import DemoContext

# title, body, tags, organization key
TEXT_BLOCKS = [
    (
        "Presentazione del CSV Lomellina",
        "Il CSV Lomellina sostiene le associazioni del territorio con consulenza, formazione e "
        "progettazione. Dal {year} coordina un gruppo che monitora i bandi, scrive e presenta "
        "progetti di rete costruiti da più associazioni.",
        "presentazione ente",
        "csv",
    ),
    (
        "Presentazione della Cooperativa Sociale KCS",
        "KCS gestisce servizi domiciliari, centri diurni e i punti di ascolto “Punto per Te” nei "
        "quartieri Piccolini e Brughiera di Vigevano, in collaborazione con il Comune.",
        "presentazione ente",
        "kcs",
    ),
    (
        "Metodologia: co-progettazione ai sensi dell’art. 55 del Codice del Terzo settore",
        "Il percorso prevede l’avviso pubblico, le manifestazioni di interesse, i tavoli di "
        "co-progettazione con verbale, decisioni e azioni, l’accordo di collaborazione con gli "
        "impegni di ciascuna parte e il monitoraggio con indicatori condivisi.",
        "metodologia co-progettazione",
        None,
    ),
    (
        "Metodologia: analisi SWOT e profili di quartiere",
        "Per ogni quartiere si raccolgono risorse, servizi e portatori d’interesse; l’analisi "
        "SWOT guida il cronoprogramma; dopo tre mesi una verifica quantitativa misura i "
        "cittadini raggiunti.",
        "metodologia swot quartieri",
        None,
    ),
    (
        "Clausola sulla valorizzazione del volontariato",
        "Le ore di volontariato sono valorizzate a € 15,00/ora come cofinanziamento, ai sensi "
        "dell’art. 17 del D.Lgs. 117/2017, solo se il bando lo consente; sono documentate con "
        "registri firmati (attività, luogo, ore).",
        "clausola volontariato cofinanziamento",
        None,
    ),
    (
        "Clausola sul trattamento dei dati personali",
        "I dati personali dei beneficiari sono trattati ai sensi del Regolamento (UE) 2016/679 "
        "per le sole finalità del progetto; le relazioni riportano dati aggregati.",
        "clausola privacy",
        None,
    ),
    (
        "Clausole sociali nei contratti di servizio",
        "Nei contratti di servizio il Comune chiede l’inserimento lavorativo di persone "
        "svantaggiate e il riuso dei beni, come previsto dal Patto di comunità.",
        "clausola sociale appalti",
        "comune_ravenna",
    ),
    (
        "Lettera di partenariato (modello)",
        "Il sottoscritto, legale rappresentante di …, dichiara di aderire in qualità di partner "
        "al progetto “…”, presentato da … al bando “…”, impegnandosi a realizzare le attività "
        "indicate nel piano di lavoro.",
        "modello lettera partenariato",
        None,
    ),
]

# title, summary, body, organization key, municipality, year offset, themes
PRACTICES = [
    (
        "Banco alimentare di comunità a Ravenna",
        "Recupero delle eccedenze dei mercati e distribuzione alle famiglie segnalate dai servizi.",
        "I volontari ritirano ogni giorno le eccedenze; i servizi sociali segnalano le famiglie; "
        "un emporio a punti lascia libertà di scelta.",
        "banco_ravenna",
        "Ravenna",
        -3,
        ("contrasto allo spreco alimentare", "povertà"),
    ),
    (
        "Cohousing solidale in Darsena",
        "Appartamenti condivisi tra giovani, anziani e nuclei in difficoltà abitativa.",
        None,
        "cohousing",
        "Ravenna",
        -2,
        ("abitare",),
    ),
    (
        "Patto di comunità tra cittadini e Comune",
        "Un patto firmato da cittadini, associazioni e Comune su obiettivi e risorse comuni.",
        "Baratto e riuso, clausole sociali, banco alimentare e cohousing in un unico patto.",
        "comune_ravenna",
        "Ravenna",
        -1,
        ("partecipazione civica", "welfare di comunità"),
    ),
    (
        "Case del Sociale nei quartieri di Vigevano",
        "Luoghi di quartiere gestiti insieme da associazioni e servizi.",
        None,
        "rete_lomellina",
        "Vigevano",
        0,
        ("welfare di comunità", "partecipazione civica"),
    ),
    (
        "Banca del Tempo “Ore Preziose”",
        "Scambi di tempo tra generazioni: un’ora vale un’ora, qualunque sia il servizio.",
        None,
        "banca_tempo",
        "Vigevano",
        -4,
        ("banca del tempo", "volontariato"),
    ),
    (
        "“Punto per Te”: punti di ascolto di quartiere",
        "Un’ora di ascolto a settimana in due quartieri; dopo tre mesi 118 cittadini raggiunti.",
        "Profili di quartiere, analisi SWOT, cronoprogramma e verifica quantitativa a tre mesi.",
        "kcs",
        "Vigevano",
        -1,
        ("welfare di comunità", "anziani"),
    ),
    (
        "Welfare integrato a Messina: la mappa dei servizi",
        "Trasparenza sui servizi erogati e i beneficiari, valutazione sistematica della qualità.",
        None,
        "mediterraneo",
        "Messina",
        -1,
        ("welfare di comunità",),
    ),
    (
        "Budget di Salute nel Distretto Pianura Est",
        "Progetti personalizzati su casa, lavoro e socialità con il Terzo settore.",
        None,
        "accanto",
        "Castel Maggiore",
        -2,
        ("salute mentale", "co-progettazione"),
    ),
    (
        "Accordo operativo contro la povertà dell’Unione Reno Galliera",
        "Unione, Terzo settore e sindacati firmano impegni reciproci; il Terzo settore fa da "
        "antenna sulle fragilità nascoste.",
        None,
        "reno_galliera",
        "San Giorgio di Piano",
        -1,
        ("povertà", "co-progettazione"),
    ),
]


def _slug(text: str) -> str:
    words = "".join(ch if ch.isalnum() else " " for ch in fold(text)).split()
    return "-".join(words[:8])


def build_library(ctx: DemoContext) -> None:
    """Text blocks and good practices (with themes)."""
    for title, body, tags, org in TEXT_BLOCKS:
        ctx.add(
            TextBlock(
                title=title,
                body=body.format(year=ctx.today.year - 3),
                tags=tags,
                organization_id=ctx.orgs[org].id if org else None,
            )
        )
    for title, summary, detail, org_key, town, offset, themes in PRACTICES:
        ctx.add(
            Practice(
                title=title,
                summary=summary,
                body=detail,
                organization_id=ctx.orgs[org_key].id,
                municipality=town,
                year=ctx.today.year + offset,
                url=f"https://buonepratiche.example/{_slug(title)}",
                themes=ctx.theme_list(*themes),
            )
        )
    ctx.flush()
