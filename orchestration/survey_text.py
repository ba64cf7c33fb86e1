"""Every sentence ``maturity survey`` says, in French and English.

Kept apart from the session logic so that a wording change never touches control flow,
and so that a test can check both languages carry the same keys.
"""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "fr": {
        "title": "Questionnaire de maturité data : {name} ({client})",
        "scan": "Dernier scan : {scan_id} du {scanned_at}, score {total}/30 (fourchette {min}-{max}).",
        "no_scan": (
            "Aucun scan n'existe encore pour ce client : les 15 questions seront toutes posées. "
            "Lancez `maturity scan` pour que les traces répondent à une partie d'entre elles."
        ),
        "previous": "Réponses précédentes lues dans {path} : elles servent de valeurs par défaut.",
        "keys": "Entrée = valeur proposée · s = passer · q = quitter sans rien écrire",
        "header": "{qid} · {category} · {n}/{count}",
        "evidence": "Les traces : {label} ({value}) · {points} pt{confidence}",
        "confidence": " · confiance {level}",
        "levels": "haute|moyenne|faible",
        "not_measured": "Les traces : non mesuré dans ce scan, c'est à vous de répondre.",
        "no_evidence_scan": "Les traces : pas encore de scan.",
        "survey_only": "Question de questionnaire : les traces ne peuvent pas y répondre.",
        "context": "Contexte mesuré : {signals}",
        "why": "Pourquoi : {rationale}",
        "refs": "Références :",
        "more": "(+{n} autres)",
        "choices": "Réponses : {choices}",
        "integer": "Réponse : un entier de {low} à {high}",
        "integer_open": "Réponse : un entier supérieur ou égal à {low}",
        "previous_answer": "Réponse précédente : {label}",
        "prompt_keep_evidence": "Votre réponse [Entrée = garder celle des traces : {label}]",
        "prompt_default": "Votre réponse [Entrée = {label}]",
        "prompt_default_evidence": "Votre réponse [Entrée = {label} · e = s'en remettre aux traces]",
        "prompt": "Votre réponse",
        "kept_evidence": "→ laissé aux traces : {label}",
        "answered": "→ {label}",
        "skipped": "→ passée (elle élargit la fourchette du score)",
        "hint_unknown": "Réponse non reconnue. Tapez l'une de : {choices} ; s pour passer, q pour quitter.",
        "hint_ambiguous": "Réponse ambiguë : {candidates}. Tapez un mot plus long ou le numéro.",
        "hint_range": "Entrez un entier entre {low} et {high}.",
        "hint_range_open": "Entrez un entier supérieur ou égal à {low}.",
        "hint_integer": "Entrez un nombre entier (par exemple 3), s pour passer, q pour quitter.",
        "hint_empty": "Aucune valeur par défaut : tapez une réponse, s pour passer ou q pour quitter.",
        "hint_flag": "Répondez o (oui) ou n (non) ; s pour passer, q pour quitter.",
        "dedicated": "Des personnes sont-elles dédiées à la BI (c'est leur travail) ? [o/n]",
        "dedicated_default": "Des personnes sont-elles dédiées à la BI (c'est leur travail) ? [o/n, Entrée = {label}]",
        "dedicated_effect": (
            "Sans personne dédiée, les traces ne valent qu'une pratique partielle : {label}, {points} pt."
        ),
        "yes": "oui",
        "no": "non",
        "contradiction": "Contradiction : les traces indiquent « {ev} » ({evp} pt), vous répondez « {sv} » ({svp} pt).",
        "found": "Ce que les traces ont trouvé : {what}",
        "policy_evidence_first": (
            "Politique de fusion « evidence_first » : le score gardera la réponse des traces ; "
            "la contradiction sera signalée dans le rapport."
        ),
        "policy_survey_first": (
            "Politique de fusion « survey_first » : le score prendra votre réponse ; "
            "la contradiction sera signalée dans le rapport."
        ),
        "policy_lowest": (
            "Politique de fusion « lowest » : le score prendra la réponse la plus prudente ({label}) ; "
            "la contradiction sera signalée dans le rapport."
        ),
        "confirm": "Maintenir votre réponse ? [o/n]",
        "hint_confirm": "Répondez o pour maintenir votre réponse, n pour la changer.",
        "quit": "Arrêt demandé : rien n'a été écrit.",
        "written": "Réponses écrites dans {path}",
        "sum_answered": "  répondues : {n}{ids}",
        "sum_evidence": "  laissées aux traces : {n}{ids}",
        "sum_skipped": "  passées : {n}{ids}, elles élargissent la fourchette du score",
        "sum_contradictions": "  contradictions maintenues : {n}{ids}",
        "add_survey": (
            "Le fichier client n'indique pas de questionnaire : ajoutez la ligne `survey: {rel}` "
            "à {client_file} pour que le prochain scan lise ces réponses."
        ),
        "other_file": (
            "Attention : le fichier client lit le questionnaire dans {configured}, pas dans {path}."
        ),
        "rescan": "Relancez `maturity scan {client_file}` pour recalculer le score.",
        "file_title": "Réponses au questionnaire de maturité : {name} ({client})",
        "file_written": "Écrit par `maturity survey` le {date}, langue : {lang}",
        "file_scan": "Scan consulté : {scan_id} du {scanned_at}",
        "file_no_scan": "Aucun scan consulté : toutes les questions ont été posées",
        "file_rule": "Une question absente n'a pas de réponse du questionnaire (les traces ou la fourchette décident).",
        "file_evidence": "{qid} : laissée aux traces ({value}, {points} pt)",
        "file_skipped": "{qid} : passée",
        "bad_lang": "--lang doit valoir fr ou en",
        "bad_client": "fichier client invalide",
        "bad_survey": "questionnaire existant invalide",
        "bad_survey_fix": "Corrigez-le, ou choisissez un autre fichier avec --out.",
        "bad_rubric": "grille de notation invalide",
        "store_error": "Impossible de lire le stockage des traces ({error}) : toutes les questions seront posées.",
    },
    "en": {
        "title": "Data-maturity survey: {name} ({client})",
        "scan": "Latest scan: {scan_id} of {scanned_at}, score {total}/30 (range {min}-{max}).",
        "no_scan": (
            "No scan exists yet for this client: all 15 questions will be asked. "
            "Run `maturity scan` so that evidence answers part of them."
        ),
        "previous": "Previous answers read from {path}: they are the defaults.",
        "keys": "Enter = suggested value · s = skip · q = quit without writing anything",
        "header": "{qid} · {category} · {n}/{count}",
        "evidence": "Evidence: {label} ({value}) · {points} pt{confidence}",
        "confidence": " · {level} confidence",
        "levels": "high|medium|low",
        "not_measured": "Evidence: not measured in this scan, the answer is yours.",
        "no_evidence_scan": "Evidence: no scan yet.",
        "survey_only": "Survey question: evidence cannot answer it.",
        "context": "Measured context: {signals}",
        "why": "Why: {rationale}",
        "refs": "References:",
        "more": "(+{n} more)",
        "choices": "Answers: {choices}",
        "integer": "Answer: an integer from {low} to {high}",
        "integer_open": "Answer: an integer of at least {low}",
        "previous_answer": "Previous answer: {label}",
        "prompt_keep_evidence": "Your answer [Enter = keep the evidence's: {label}]",
        "prompt_default": "Your answer [Enter = {label}]",
        "prompt_default_evidence": "Your answer [Enter = {label} · e = leave it to the evidence]",
        "prompt": "Your answer",
        "kept_evidence": "→ left to the evidence: {label}",
        "answered": "→ {label}",
        "skipped": "→ skipped (it widens the score range)",
        "hint_unknown": "Answer not recognised. Type one of: {choices}; s to skip, q to quit.",
        "hint_ambiguous": "Ambiguous answer: {candidates}. Type a longer word or the number.",
        "hint_range": "Enter an integer between {low} and {high}.",
        "hint_range_open": "Enter an integer of at least {low}.",
        "hint_integer": "Enter a whole number (for example 3), s to skip, q to quit.",
        "hint_empty": "No default here: type an answer, s to skip or q to quit.",
        "hint_flag": "Answer y (yes) or n (no); s to skip, q to quit.",
        "dedicated": "Are there people dedicated to BI (it is their job)? [y/n]",
        "dedicated_default": "Are there people dedicated to BI (it is their job)? [y/n, Enter = {label}]",
        "dedicated_effect": (
            "Without dedicated people, the evidence only supports a partial practice: {label}, {points} pt."
        ),
        "yes": "yes",
        "no": "no",
        "contradiction": "Contradiction: the evidence says '{ev}' ({evp} pt), you answer '{sv}' ({svp} pt).",
        "found": "What the evidence found: {what}",
        "policy_evidence_first": (
            "Merge policy 'evidence_first': the score keeps the evidence's answer; "
            "the contradiction is shown in the report."
        ),
        "policy_survey_first": (
            "Merge policy 'survey_first': the score takes your answer; the contradiction is shown in the report."
        ),
        "policy_lowest": (
            "Merge policy 'lowest': the score takes the more prudent answer ({label}); "
            "the contradiction is shown in the report."
        ),
        "confirm": "Keep your answer? [y/n]",
        "hint_confirm": "Answer y to keep your answer, n to change it.",
        "quit": "Stopped: nothing was written.",
        "written": "Answers written to {path}",
        "sum_answered": "  answered: {n}{ids}",
        "sum_evidence": "  left to the evidence: {n}{ids}",
        "sum_skipped": "  skipped: {n}{ids}, they widen the score range",
        "sum_contradictions": "  contradictions kept: {n}{ids}",
        "add_survey": (
            "The client file names no survey: add the line `survey: {rel}` to {client_file} "
            "so that the next scan reads these answers."
        ),
        "other_file": "Note: the client file reads its survey from {configured}, not from {path}.",
        "rescan": "Run `maturity scan {client_file}` to recompute the score.",
        "file_title": "Data-maturity survey answers: {name} ({client})",
        "file_written": "Written by `maturity survey` on {date}, language: {lang}",
        "file_scan": "Scan consulted: {scan_id} of {scanned_at}",
        "file_no_scan": "No scan consulted: every question was asked",
        "file_rule": "An absent question has no survey answer (the evidence or the score range decides).",
        "file_evidence": "{qid}: left to the evidence ({value}, {points} pt)",
        "file_skipped": "{qid}: skipped",
        "bad_lang": "--lang must be fr or en",
        "bad_client": "invalid client file",
        "bad_survey": "invalid existing survey file",
        "bad_survey_fix": "Fix it, or choose another file with --out.",
        "bad_rubric": "invalid rubric",
        "store_error": "Cannot read the evidence store ({error}): every question will be asked.",
    },
}

SKIP = frozenset({"s", "skip", "passer"})
QUIT = frozenset({"q", "quit", "quitter"})
EVIDENCE = frozenset({"e", "evidence", "traces"})


def text(lang: str, key: str, /, **values: object) -> str:
    """One sentence in ``lang`` (French for anything but ``en``), with its blanks filled."""
    table = TEXTS["en"] if lang == "en" else TEXTS["fr"]
    return table[key].format(**values) if values else table[key]


def confidence_word(lang: str, level: str) -> str:
    """``high``/``medium``/``low`` as a reader of ``lang`` says it."""
    words = dict(zip(("high", "medium", "low"), text(lang, "levels").split("|"), strict=True))
    return words.get(level, level)
