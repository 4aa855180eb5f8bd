"""The app's bibliography: every reference a cause, action, figure or warning cites, by id.

One table, read by the rules loader (a lab's rules file may add its own ids under
``sources:``), the substrate warnings, the protocol writer and the report.  Each entry was
checked against the paper's title, journal, year, volume and pages; what it is cited
*for* is said in brackets, so a reader can tell a citation that does not back its claim.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

_NOTE = 'Application note "Borane-Mediated Reduction of Lactam Intermediates in Diazepine Synthesis" (BenchChem, 2026)'

SOURCES: dict[str, str] = {
    "note_table": f"{_NOTE}, troubleshooting table",
    "note_protocol": f"{_NOTE}, detailed experimental protocol",
    "note_mechanism": f"{_NOTE}, mechanism (the amine-borane complex)",
    "note_reagents": f"{_NOTE}, reagent selection guide",
    "note_rationale": f"{_NOTE}, why borane rather than LiAlH4",
    "brown_heim_1973": (
        "Brown, H. C.; Heim, P. J. Org. Chem. 1973, 38, 912 (reduction of amides and lactams "
        "with diborane)"),
    "brown_heim_yoon_1970": (
        'Brown, H. C.; Heim, P.; Yoon, N. M. "Selective Reductions. XV. Reaction of Diborane in '
        'Tetrahydrofuran with Selected Organic Compounds Containing Representative Functional Groups", '
        "J. Am. Chem. Soc. 1970, 92, 1637-1646 (which functional groups BH3·THF reduces)"),
    "yoon_1973": (
        'Yoon, N. M.; Pak, C. S.; Brown, H. C.; Krishnamurthy, S.; Stocky, T. P. "Selective '
        'reductions. XIX. The rapid reaction of carboxylic acids with borane-tetrahydrofuran", '
        "J. Org. Chem. 1973, 38, 2786 (carboxylic acids are reduced fast, before other groups)"),
    "burkhardt_matos_2006": (
        'Burkhardt, E. R.; Matos, K. "Boron Reagents in Process Chemistry: Excellent Tools for '
        'Selective Reductions", Chem. Rev. 2006, 106, 2617-2650'),
    "couturier_2001": (
        "Couturier, M.; Tucker, J. L.; Andresen, B. M.; Dubé, P.; Negri, J. T. Org. Lett. 2001, 3, "
        "465-467 (10 % Pd/C or Raney Ni catalyse the methanolysis of amine-boranes, compatible with "
        "acid-sensitive groups; an N-benzyl amine-borane came out debenzylated)"),
    "monteiro_flanagan_2017": (
        'Monteiro, A. M.; Flanagan, R. C. "Process Safety Considerations for the Use of 1 M Borane '
        'Tetrahydrofuran Complex Under General Purpose Plant Conditions", Org. Process Res. Dev. 2017, '
        "21, DOI 10.1021/acs.oprd.6b00407 (first page not checked; thermal stability of BH3·THF near reflux; diborane "
        "evolution; autoignition of diborane in air at 136-139 °C)"),
    "kanth_brown_2000": (
        "Kanth, J. V. B.; Brown, H. C. Inorg. Chem. 2000 (borane from NaBH4 and BF3·OEt2 in ethers)"),
    "mckennon_meyers_1993": (
        "McKennon, M. J.; Meyers, A. I. et al. J. Org. Chem. 1993, 58, 3568 "
        "(NaBH4-I2 reduction of amino acids to amino alcohols)"),
    "periasamy_2000": (
        "Periasamy, M.; Thirumalaikumar, M. J. Organomet. Chem. 2000, 609, 137-151 (NaBH4 with I2 in "
        "THF gives BH3·THF for hydroborations and reductions; NaBH4-I2 reduces carboxylic esters at reflux)"),
    "greene_wuts_2014": (
        "Wuts, P. G. M. Greene's Protective Groups in Organic Synthesis, 5th ed., Wiley, 2014 "
        "(Boc, tert-butyl esters and ethers, acetals and silyl ethers are cleaved by strong aqueous acid; "
        "Cbz, benzyl ethers and benzyl esters by hydrogenolysis on Pd)"),
    "soom_thiemann_2016": (
        "Soom, N.; Thiemann, T. Int. J. Org. Chem. 2016, 6, 1-11 (O-benzyl ethers and benzyl esters "
        "are removed by hydrogenolysis on Pd/C, under which C=C bonds are hydrogenated)"),
    "corey_bakshi_shibata_1987": (
        'Corey, E. J.; Bakshi, R. K.; Shibata, S. "Highly enantioselective borane reduction of ketones '
        'catalyzed by chiral oxazaborolidines", J. Am. Chem. Soc. 1987, 109, 5551 (a 1,2-amino alcohol '
        "and borane close a B-N-O ring, an oxazaborolidine, that holds the boron)"),
    "cordes_jencks_1962": (
        'Cordes, E. H.; Jencks, W. P. "On the Mechanism of Schiff Base Formation and Hydrolysis", '
        "J. Am. Chem. Soc. 1962, 84, 832 (imines are hydrolysed to the carbonyl and the amine in "
        "aqueous acid)"),
    "han_yakatan_maness_1977": (
        'Han, W. W.; Yakatan, G. J.; Maness, D. D. "Kinetics and Mechanisms of Hydrolysis of '
        '1,4-Benzodiazepines III: Nitrazepam", J. Pharm. Sci. 1977, 66 (6), DOI 10.1002/jps.2600660613 '
        "(the diazepine C=N is cleaved in aqueous acid: ring-opened benzophenone, then glycine)"),
    "reading_notes_workup": (
        'BoraneGUI reading notes on the note, "Work-up and side reactions" (general practice stated '
        "there without a single named reference)"),
    "childress_gluckman_1964": (
        'Childress, S. J.; Gluckman, M. I. "1,4-Benzodiazepines", J. Pharm. Sci. 1964, 53, 577 (review of '
        "their chemistry, including the LiAlH4 reduction of 1,4-benzodiazepin-2-ones)"),
    "ramachandran_kulkarni_patent": (
        'Ramachandran, P. V.; Kulkarni, A. S. "Preparation of amine-boranes, including ammonia borane", '
        "US 9,834,448 B2 (Purdue Research Foundation; published as US 2016/0101984 A1) (amine-boranes "
        "exchange BH3 with another amine: an equilibrium set by the incoming amine's nucleophilicity and "
        "shifted by removing the volatile amine; distilling amine-borane residues has exploded)"),
    "cole_11b_shifts": (
        'Cole, T. E. "11B NMR Chemical Shifts", San Diego State University, Department of Chemistry & '
        "Biochemistry, web compilation (a base bound to boron shifts 11B upfield of the free borane; B-H "
        "coupling splits a BH3 signal into a quartet)"),
    "wildman_crippen_1999": (
        "Wildman, S. A.; Crippen, G. M. J. Chem. Inf. Comput. Sci. 1999, 39, 868-873 (the atom-based logP "
        "that RDKit's Crippen.MolLogP computes)"),
    "asu_hydrogen": (
        'Arizona State University, Environmental Health & Safety, "Hydrogen gas" (H2: lower flammable '
        "limit 4 vol % in air, flammable up to about 75-77 %)"),
    "crhf_borane_cylinders": (
        'UK Chemical Reaction Hazards Forum, incident 95 "Exploding cylinders of borane" (2.0 M BH3·THF '
        "stored warm for days ran away and burst its cylinders)"),
    "boranegui_judgement": "BoraneGUI's judgement (no published source found; stated as such)",
}


# How a reference is named inside a sentence (authors, journal, year); the full entry is above.
INLINE: dict[str, str] = {
    "brown_heim_1973": "Brown & Heim, J. Org. Chem. 1973",
    "brown_heim_yoon_1970": "Brown, Heim & Yoon, J. Am. Chem. Soc. 1970",
    "yoon_1973": "Yoon et al., J. Org. Chem. 1973",
    "couturier_2001": "Couturier et al., Org. Lett. 2001",
    "monteiro_flanagan_2017": "Monteiro & Flanagan, Org. Process Res. Dev. 2017",
    "kanth_brown_2000": "Kanth & Brown, Inorg. Chem. 2000",
    "mckennon_meyers_1993": "McKennon & Meyers, J. Org. Chem. 1993",
    "periasamy_2000": "Periasamy & Thirumalaikumar, J. Organomet. Chem. 2000",
    "greene_wuts_2014": "Greene's Protective Groups, 5th ed., 2014",
    "childress_gluckman_1964": "Childress & Gluckman, J. Pharm. Sci. 1964",
    "ramachandran_kulkarni_patent": "Ramachandran & Kulkarni, US 9,834,448",
    "cole_11b_shifts": "Cole, SDSU 11B chemical shift compilation",
    "wildman_crippen_1999": "Wildman & Crippen, J. Chem. Inf. Comput. Sci. 1999",
    "asu_hydrogen": "ASU EHS, Hydrogen gas",
    "crhf_borane_cylinders": "UK CRHF incident 95",
}


def cite(ids: Iterable[str], table: Mapping[str, str] = SOURCES) -> str:
    """The references for ``ids`` (from ``table``: a lab's rules file may add its own), joined
    for a footnote; an unknown id is a KeyError.

    The note's parts are named once, in the note's own order, where the first of them stood
    ("Application note ...: troubleshooting table, detailed experimental protocol"), so two
    footnotes citing the same parts read the same and a reference list keeps one of them."""
    ids = list(dict.fromkeys(ids))
    texts = {i: table[i] for i in ids}
    parts = {i: t.removeprefix(f"{_NOTE}, ") for i, t in texts.items() if t.startswith(f"{_NOTE}, ")}
    notes = [i for i in table if i in parts]  # in the table's order, the note's own
    out: list[str] = []
    for i in ids:
        if i not in parts:
            out.append(texts[i])
        elif i == next(iter(parts)):
            out.append(f"{_NOTE}: " + ", ".join(parts[n] for n in notes))
    return "; ".join(out)


def cite_or_judgement(ids: Iterable[str]) -> str:
    """``cite`` that also accepts the empty list: then the figure is BoraneGUI's judgement."""
    ids = tuple(ids)
    return cite(ids) if ids else SOURCES["boranegui_judgement"]


def short(source_id: str) -> str:
    """The short form of a reference (authors, journal, year, volume, first page), for inline text."""
    if source_id.startswith("note_"):
        return "the note"
    return INLINE.get(source_id) or SOURCES[source_id].split(" (", 1)[0]
