"""Italian places for reading a call's free-text territory: provinces, regions, a few areas.

A call's territory is free text ("Provincia di Pavia", "Ambito di Ravenna, Cervia e Russi",
"Distretto Pianura Est (BO)"). :func:`covers` decides whether an organization's seat
(municipality, province code, region) lies inside it, with this rule:

- empty text, "Italia", "nazionale", "tutto il territorio…", the EU or its member states:
  everywhere (``Coverage.INSIDE``);
- otherwise the text is read as a union of places, each compared with the seat:

  - a region name ("Lombardia") covers the region's provinces;
  - "provincia di X", "città metropolitana di X" or a province code ("PV", "(PV)"; codes
    that are also words, like "PA", only in brackets) covers that province; a code in
    brackets qualifies the whole text (a district of that province), so it never makes a
    seat inside, only excludes seats outside it;
  - "comune di X", or a known town that is not a province's name, covers that town only;
  - a bare province name ("Ravenna") may mean the town or its province: inside for the
    town, *unknown* for the rest of the province, outside elsewhere;
  - a known sub-provincial area ("Lomellina") covers its listed towns, is unknown in the
    rest of its province and outside elsewhere; any other word left over (not a filler
    like "ambito", "e", "di") is an unknown area, so the answer is unknown unless a
    bracketed code already bounds it;

- the seat is INSIDE when any place covers it, UNKNOWN when none does but one might (or
  the seat is not recorded), OUTSIDE when every place is known and none covers it.

Unknown is never an exclusion: the calls list shows it as "to check".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from grantdesk.domain.text import fold


class Coverage(StrEnum):
    INSIDE = "inside"
    OUTSIDE = "outside"
    UNKNOWN = "unknown"


# Region → its provinces' codes (the 107 provinces and metropolitan cities).
REGION_PROVINCES: dict[str, tuple[str, ...]] = {
    "Abruzzo": ("AQ", "CH", "PE", "TE"),
    "Basilicata": ("MT", "PZ"),
    "Calabria": ("CS", "CZ", "KR", "RC", "VV"),
    "Campania": ("AV", "BN", "CE", "NA", "SA"),
    "Emilia-Romagna": ("BO", "FC", "FE", "MO", "PC", "PR", "RA", "RE", "RN"),
    "Friuli-Venezia Giulia": ("GO", "PN", "TS", "UD"),
    "Lazio": ("FR", "LT", "RI", "RM", "VT"),
    "Liguria": ("GE", "IM", "SP", "SV"),
    "Lombardia": ("BG", "BS", "CO", "CR", "LC", "LO", "MB", "MI", "MN", "PV", "SO", "VA"),
    "Marche": ("AN", "AP", "FM", "MC", "PU"),
    "Molise": ("CB", "IS"),
    "Piemonte": ("AL", "AT", "BI", "CN", "NO", "TO", "VB", "VC"),
    "Puglia": ("BA", "BR", "BT", "FG", "LE", "TA"),
    "Sardegna": ("CA", "NU", "OR", "SS", "SU"),
    "Sicilia": ("AG", "CL", "CT", "EN", "ME", "PA", "RG", "SR", "TP"),
    "Toscana": ("AR", "FI", "GR", "LI", "LU", "MS", "PI", "PO", "PT", "SI"),
    "Trentino-Alto Adige": ("BZ", "TN"),
    "Umbria": ("PG", "TR"),
    "Valle d’Aosta": ("AO",),
    "Veneto": ("BL", "PD", "RO", "TV", "VE", "VI", "VR"),
}

PROVINCES: dict[str, str] = {
    "AG": "Agrigento", "AL": "Alessandria", "AN": "Ancona", "AO": "Aosta",
    "AP": "Ascoli Piceno", "AQ": "L’Aquila", "AR": "Arezzo", "AT": "Asti",
    "AV": "Avellino", "BA": "Bari", "BG": "Bergamo", "BI": "Biella", "BL": "Belluno",
    "BN": "Benevento", "BO": "Bologna", "BR": "Brindisi", "BS": "Brescia",
    "BT": "Barletta-Andria-Trani", "BZ": "Bolzano", "CA": "Cagliari", "CB": "Campobasso",
    "CE": "Caserta", "CH": "Chieti", "CL": "Caltanissetta", "CN": "Cuneo", "CO": "Como",
    "CR": "Cremona", "CS": "Cosenza", "CT": "Catania", "CZ": "Catanzaro", "EN": "Enna",
    "FC": "Forlì-Cesena", "FE": "Ferrara", "FG": "Foggia", "FI": "Firenze", "FM": "Fermo",
    "FR": "Frosinone", "GE": "Genova", "GO": "Gorizia", "GR": "Grosseto", "IM": "Imperia",
    "IS": "Isernia", "KR": "Crotone", "LC": "Lecco", "LE": "Lecce", "LI": "Livorno",
    "LO": "Lodi", "LT": "Latina", "LU": "Lucca", "MB": "Monza e Brianza", "MC": "Macerata",
    "ME": "Messina", "MI": "Milano", "MN": "Mantova", "MO": "Modena", "MS": "Massa-Carrara",
    "MT": "Matera", "NA": "Napoli", "NO": "Novara", "NU": "Nuoro", "OR": "Oristano",
    "PA": "Palermo", "PC": "Piacenza", "PD": "Padova", "PE": "Pescara", "PG": "Perugia",
    "PI": "Pisa", "PN": "Pordenone", "PO": "Prato", "PR": "Parma", "PT": "Pistoia",
    "PU": "Pesaro e Urbino", "PV": "Pavia", "PZ": "Potenza", "RA": "Ravenna",
    "RC": "Reggio Calabria", "RE": "Reggio Emilia", "RG": "Ragusa", "RI": "Rieti",
    "RM": "Roma", "RN": "Rimini", "RO": "Rovigo", "SA": "Salerno", "SI": "Siena",
    "SO": "Sondrio", "SP": "La Spezia", "SR": "Siracusa", "SS": "Sassari",
    "SU": "Sud Sardegna", "SV": "Savona", "TA": "Taranto", "TE": "Teramo", "TN": "Trento",
    "TO": "Torino", "TP": "Trapani", "TR": "Terni", "TS": "Trieste", "TV": "Treviso",
    "UD": "Udine", "VA": "Varese", "VB": "Verbano-Cusio-Ossola", "VC": "Vercelli",
    "VE": "Venezia", "VI": "Vicenza", "VR": "Verona", "VT": "Viterbo", "VV": "Vibo Valentia",
}  # fmt: skip

PROVINCE_REGION: dict[str, str] = {
    code: region for region, codes in REGION_PROVINCES.items() for code in codes
}

# Other spellings of regions and provinces, folded.
_REGION_ALIASES = {
    "emilia romagna": "Emilia-Romagna",
    "friuli venezia giulia": "Friuli-Venezia Giulia",
    "friuli": "Friuli-Venezia Giulia",
    "trentino alto adige": "Trentino-Alto Adige",
    "trentino": "Trentino-Alto Adige",
    "alto adige": "Trentino-Alto Adige",
    "sudtirol": "Trentino-Alto Adige",
    "valle d aosta": "Valle d’Aosta",
    "vallee d aoste": "Valle d’Aosta",
}
_PROVINCE_ALIASES = {
    "monza e della brianza": "MB",
    "brianza": "MB",
    "bozen": "BZ",
    "reggio nell emilia": "RE",
    "reggio di calabria": "RC",
    "forli cesena": "FC",
    "pesaro urbino": "PU",
}
# Towns that are not a province's name, and the province they are in (the demo's and a
# few more; extend freely).
TOWNS: dict[str, str] = {
    "Vigevano": "PV", "Mortara": "PV", "Voghera": "PV", "Garlasco": "PV", "Gambolò": "PV",
    "Cassolnovo": "PV", "Mede": "PV", "Stradella": "PV", "Broni": "PV",
    "Cervia": "RA", "Russi": "RA", "Faenza": "RA", "Lugo": "RA",
    "Imola": "BO", "Argelato": "BO", "Bentivoglio": "BO", "Castello d’Argile": "BO",
    "Castel Maggiore": "BO", "Galliera": "BO", "Pieve di Cento": "BO",
    "San Giorgio di Piano": "BO", "San Pietro in Casale": "BO",
    "Forlì": "FC", "Cesena": "FC", "Monza": "MB", "Pesaro": "PU", "Urbino": "PU",
    "Andria": "BT", "Barletta": "BT", "Trani": "BT", "Massa": "MS", "Carrara": "MS",
    "Verbania": "VB", "Sesto San Giovanni": "MI", "Legnano": "MI", "Rho": "MI",
}  # fmt: skip
# Areas smaller than a province that calls name (folded) → their province.
AREAS: dict[str, str] = {
    "lomellina": "PV",
    "oltrepo pavese": "PV",
    "oltrepo": "PV",
    "pianura est": "BO",
    "reno galliera": "BO",
    "bassa romagna": "RA",
}
# The towns of some areas (folded), where they are known: these are inside the area.
AREA_TOWNS: dict[str, frozenset[str]] = {
    "lomellina": frozenset({"vigevano", "mortara", "garlasco", "gambolo", "cassolnovo", "mede"}),
    "reno galliera": frozenset(
        {"argelato", "bentivoglio", "castello d argile", "castel maggiore", "galliera",
         "pieve di cento", "san giorgio di piano", "san pietro in casale"}
    ),
}  # fmt: skip

# Words meaning "the whole country" (folded, matched as whole words or phrases).
_NATIONWIDE = (
    "italia",
    "nazionale",
    "intero territorio",
    "tutto il territorio",
    "tutta italia",
    "unione europea",
    "europa",
    "stati membri",
    "ue",
)
# Words that carry no place: connectors and the kinds of area.
_FILLER = frozenset(
    (
        "a", "al", "alla", "ai", "agli", "all", "ambito", "ambiti", "area", "aree",
        "capitale", "circa", "citta", "comune", "comuni", "comunale", "con", "d", "da",
        "dal", "dei", "del", "della", "delle", "dell", "di", "distretto", "distretti", "e",
        "ed", "enti", "gli", "i", "il", "in", "intercomunale", "l", "la", "le", "lo",
        "metropolitana", "nei", "nel", "nella", "nelle", "o", "per", "provincia",
        "provinciale", "province", "quartiere", "quartieri", "regione", "regionale",
        "regioni", "sede", "sociale", "su", "territoriale", "territorio", "tra", "unione",
        "zona", "zone"
    )
)  # fmt: skip
_WORD = re.compile(r"[^\W_]+")
_CODE = re.compile(r"(?<![\w])([A-Z]{2})(?![\w])")
_BRACKETED = re.compile(r"\(\s*([A-Z]{2})\s*\)")
# Codes that are also common capitalised words ("la PA", "NO", "SI"): only in brackets.
_AMBIGUOUS_CODES = frozenset({"PA", "NO", "SI", "OR", "IS", "AL"})


def normalize(text: str) -> str:
    """Folded words separated by single spaces (punctuation and apostrophes dropped)."""
    return " ".join(_WORD.findall(fold(text)))


def province_name(code: str | None) -> str | None:
    """The province's name for its code ("PV" → "Pavia"), None when unknown."""
    return PROVINCES.get((code or "").strip().upper())


def region_of(province: str | None) -> str | None:
    """The region a province code belongs to ("PV" → "Lombardia")."""
    return PROVINCE_REGION.get((province or "").strip().upper())


class _Kind(StrEnum):
    REGION = "region"
    PROVINCE = "province"
    TOWN = "town"
    TOWN_OR_PROVINCE = "town_or_province"
    AREA = "area"
    BOUND = "bound"  # a bracketed province code: the text lies within it


@dataclass(frozen=True)
class Place:
    """One place read from a territory text."""

    kind: _Kind
    name: str  # a region's name; a folded town or area; a province code otherwise
    province: str | None = None


@dataclass(frozen=True)
class Territory:
    """A territory text read into places."""

    nationwide: bool
    places: tuple[Place, ...]
    leftover: tuple[str, ...]  # words that name no known place

    @property
    def bounded(self) -> bool:
        return any(p.kind is _Kind.BOUND for p in self.places)


def _phrases() -> dict[str, tuple[_Kind, str]]:
    table: dict[str, tuple[_Kind, str]] = {}
    for region in REGION_PROVINCES:
        table[normalize(region)] = (_Kind.REGION, region)
    for alias, region in _REGION_ALIASES.items():
        table[alias] = (_Kind.REGION, region)
    for code, name in PROVINCES.items():
        table.setdefault(normalize(name), (_Kind.TOWN_OR_PROVINCE, code))
    for alias, code in _PROVINCE_ALIASES.items():
        table.setdefault(alias, (_Kind.PROVINCE, code))
    for town, code in TOWNS.items():
        table.setdefault(normalize(town), (_Kind.TOWN, code))
    for area, code in AREAS.items():
        table.setdefault(area, (_Kind.AREA, code))
    return table


_PHRASES = _phrases()
_LONGEST = max(len(p.split()) for p in _PHRASES)
_PROVINCE_CUES = ("provincia", "province", "metropolitana")
_TOWN_CUES = ("comune", "comuni", "citta")


@lru_cache(maxsize=4096)
def parse(text: str | None) -> Territory:
    """Read a call's territory text into places (cached: calls repeat their territories)."""
    raw = (text or "").strip()
    words = normalize(raw).split()
    joined = f" {' '.join(words)} "
    if not words or any(f" {w} " in joined for w in _NATIONWIDE):
        return Territory(True, (), ())
    places: list[Place] = []
    for code in _BRACKETED.findall(raw):
        if code in PROVINCES:
            places.append(Place(_Kind.BOUND, code, code))
    codes = {c.lower() for c in _CODE.findall(raw) if c in PROVINCES}
    codes -= {c.lower() for c in _AMBIGUOUS_CODES}
    leftover: list[str] = []
    cue: str | None = None
    i = 0
    while i < len(words):
        for size in range(min(_LONGEST, len(words) - i), 0, -1):
            phrase = " ".join(words[i : i + size])
            found = _PHRASES.get(phrase)
            if found is not None:
                break
        else:
            found, size = None, 1
        word = words[i]
        if found is not None:
            kind, value = found
            if kind is _Kind.REGION:
                places.append(Place(kind, value))
            elif kind is _Kind.TOWN_OR_PROVINCE:
                if cue in _PROVINCE_CUES:
                    places.append(Place(_Kind.PROVINCE, value, value))
                elif cue in _TOWN_CUES:
                    places.append(Place(_Kind.TOWN, phrase, value))
                else:
                    places.append(Place(kind, phrase, value))
            elif kind in (_Kind.TOWN, _Kind.AREA):
                places.append(Place(kind, phrase, value))
            else:
                places.append(Place(kind, value, value))
            cue = None
        elif word in codes:
            if not any(p.kind is _Kind.BOUND and p.name == word.upper() for p in places):
                places.append(Place(_Kind.PROVINCE, word.upper(), word.upper()))
        elif word in _FILLER:
            if word in _PROVINCE_CUES or word in _TOWN_CUES:
                cue = word
        elif not word.isdigit():
            leftover.append(word)
        i += size
    return Territory(False, tuple(places), tuple(leftover))


def _place_coverage(
    place: Place, municipality: str | None, province: str | None, region: str | None
) -> Coverage:
    if place.kind is _Kind.REGION:
        if region is None:
            return Coverage.UNKNOWN
        return Coverage.INSIDE if normalize(region) == normalize(place.name) else Coverage.OUTSIDE
    if place.kind is _Kind.TOWN:
        if municipality is not None and municipality == place.name:
            return Coverage.INSIDE
        if municipality is not None or (province is not None and province != place.province):
            return Coverage.OUTSIDE
        return Coverage.UNKNOWN
    if place.kind is _Kind.TOWN_OR_PROVINCE and municipality == place.name:
        return Coverage.INSIDE
    if place.kind is _Kind.AREA and municipality in AREA_TOWNS.get(place.name, ()):
        return Coverage.INSIDE
    if province is None:
        return Coverage.UNKNOWN
    if place.province != province:
        return Coverage.OUTSIDE
    if place.kind is _Kind.PROVINCE:
        return Coverage.INSIDE
    return Coverage.UNKNOWN  # the rest of a province, an area or a district within it


@lru_cache(maxsize=65536)
def covers(
    text: str | None,
    municipality: str | None,
    province: str | None,
    region: str | None,
) -> Coverage:
    """Whether a seat (town, province code, region) lies within a call's territory text.

    Cached: a list asks it for thousands of calls that share a few territories.
    """
    territory = parse(text)
    if territory.nationwide:
        return Coverage.INSIDE
    town = normalize(municipality) if municipality and municipality.strip() else None
    code = (province or "").strip().upper() or None
    if code is not None and code not in PROVINCES:
        code = None
    home = region.strip() if region and region.strip() else region_of(code)
    if town is None and code is None and home is None:
        return Coverage.UNKNOWN
    # The town's own name in the text makes it inside, whatever the tables know.
    if town is not None and f" {town} " in f" {normalize(text or '')} ":
        return Coverage.INSIDE
    results = [_place_coverage(p, town, code, home) for p in territory.places]
    if Coverage.INSIDE in results and not any(
        p.kind is _Kind.BOUND and r is Coverage.OUTSIDE
        for p, r in zip(territory.places, results, strict=True)
    ):
        return Coverage.INSIDE
    if any(
        p.kind is _Kind.BOUND
        for p, r in zip(territory.places, results, strict=True)
        if r is Coverage.OUTSIDE
    ):
        return Coverage.OUTSIDE
    if Coverage.UNKNOWN in results or (territory.leftover and not territory.bounded):
        return Coverage.UNKNOWN
    return Coverage.OUTSIDE if results else Coverage.UNKNOWN
