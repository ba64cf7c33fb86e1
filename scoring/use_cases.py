"""A shipped catalogue of well-documented AI use cases (phase 3: "does a known use case exist?").

A project that matches a widely documented use case is more likely feasible: methods,
pitfalls and benchmarks are public. Matching is by keywords (French and English) in the
project's name, description and technique; the best-scoring entry wins.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class UseCase:
    """A documented use case with what it typically needs."""

    id: str
    name_fr: str
    name_en: str
    keywords: tuple[str, ...]
    techniques: tuple[str, ...]
    data_needs_fr: str
    data_needs_en: str
    typical_deployment: str

    def name(self, lang: str) -> str:
        """Display name in ``lang``."""
        return self.name_en if lang == "en" else self.name_fr

    def data_needs(self, lang: str) -> str:
        """Typical data needs in ``lang``."""
        return self.data_needs_en if lang == "en" else self.data_needs_fr


CATALOGUE: tuple[UseCase, ...] = (
    UseCase(
        "churn_prediction",
        "Prédiction de l'attrition",
        "Churn prediction",
        (
            "churn",
            "attrition",
            "desabonnement",
            "resiliation",
            "retention",
            "leave",
            "quitter",
            "depart client",
        ),
        ("classification", "survival analysis", "gradient boosting"),
        "Historique client (contrats, commandes, contacts au service client) sur au moins un an, "
        "avec les départs connus pour l'apprentissage.",
        "Customer history (contracts, orders, support contacts) over at least a year, "
        "with known departures to learn from.",
        "batch",
    ),
    UseCase(
        "demand_forecasting",
        "Prévision de la demande",
        "Demand forecasting",
        (
            "forecast",
            "prevision",
            "demand",
            "demande",
            "sales volume",
            "volume",
            "supply chain",
            "stock",
            "inventory",
            "approvisionnement",
        ),
        ("time series", "regression", "forecasting"),
        "Ventes ou volumes datés sur plusieurs saisons, calendrier, promotions et ruptures.",
        "Dated sales or volumes over several seasons, calendar, promotions and stock-outs.",
        "batch",
    ),
    UseCase(
        "fraud_detection",
        "Détection de fraude",
        "Fraud detection",
        ("fraud", "fraude", "chargeback", "suspicious", "suspect", "aml", "blanchiment"),
        ("classification", "anomaly detection", "graph"),
        "Transactions détaillées et cas de fraude confirmés, souvent rares : "
        "l'étiquetage compte autant que le volume.",
        "Detailed transactions and confirmed fraud cases, often rare: labelling matters as much as volume.",
        "streaming",
    ),
    UseCase(
        "recommendation",
        "Recommandation",
        "Recommendation",
        (
            "recommend",
            "recommandation",
            "next best",
            "cross-sell",
            "upsell",
            "personalis",
            "personnalis",
            "similar products",
            "produits similaires",
        ),
        ("collaborative filtering", "matrix factorisation", "ranking", "embeddings"),
        "Interactions utilisateurs-produits (achats, clics, notes) et catalogue produit décrit.",
        "User-item interactions (purchases, clicks, ratings) and a described product catalogue.",
        "microservice",
    ),
    UseCase(
        "predictive_maintenance",
        "Maintenance prédictive",
        "Predictive maintenance",
        (
            "maintenance",
            "failure",
            "panne",
            "breakdown",
            "defaillance",
            "equipment",
            "equipement",
            "machine",
            "sensor",
            "capteur",
            "remaining useful life",
        ),
        ("classification", "survival analysis", "time series"),
        "Mesures de capteurs horodatées et historique des pannes et interventions par équipement.",
        "Timestamped sensor readings and the history of failures and interventions per asset.",
        "batch",
    ),
    UseCase(
        "anomaly_detection",
        "Détection d'anomalies",
        "Anomaly detection",
        (
            "anomaly",
            "anomalie",
            "outlier",
            "aberrant",
            "monitoring",
            "surveillance",
            "incident",
            "drift",
            "derive",
            "network",
        ),
        ("anomaly detection", "isolation forest", "autoencoder", "statistical process control"),
        "Séries de mesures de fonctionnement normal sur une période représentative ; "
        "quelques incidents connus aident à valider.",
        "Series of normal-operation measurements over a representative period; a few known incidents help "
        "validate.",
        "streaming",
    ),
    UseCase(
        "document_classification",
        "Classification de documents",
        "Document classification",
        (
            "document",
            "classification de texte",
            "text classification",
            "email",
            "courriel",
            "ticket",
            "invoice",
            "facture",
            "contrat",
            "contract",
            "nlp",
            "routing",
            "tri",
        ),
        ("text classification", "nlp", "transformers", "ocr"),
        "Documents ou textes étiquetés par catégorie (quelques centaines par classe au minimum).",
        "Documents or texts labelled by category (at least a few hundred per class).",
        "microservice",
    ),
    UseCase(
        "customer_segmentation",
        "Segmentation client",
        "Customer segmentation",
        ("segment", "segmentation", "clustering", "persona", "profil client", "customer profile"),
        ("clustering", "k-means", "rfm"),
        "Profils et comportements d'achat par client.",
        "Customer profiles and purchasing behaviour.",
        "batch",
    ),
    UseCase(
        "price_optimisation",
        "Optimisation des prix",
        "Price optimisation",
        ("price", "prix", "pricing", "tarif", "elasticity", "elasticite", "discount", "remise"),
        ("regression", "elasticity modelling", "optimisation"),
        "Historique des prix, volumes vendus, concurrence et promotions.",
        "Price history, volumes sold, competition and promotions.",
        "batch",
    ),
)


def _normalise(text: str) -> str:
    stripped = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " " + re.sub(r"[^a-z0-9]+", " ", stripped.lower()) + " "


@dataclass(frozen=True)
class UseCaseMatch:
    """The best catalogue entry for a project and the words that matched."""

    use_case: UseCase
    matched: tuple[str, ...]

    @property
    def strength(self) -> str:
        """``strong`` with two matched words or more, else ``weak``."""
        return "strong" if len(self.matched) >= 2 else "weak"

    def explanation(self, lang: str) -> str:
        """Why this entry matched: the keywords and techniques found, in ``lang``.

        >>> match_use_case("Churn", "clients leaving", "classification").explanation("en")
        "Churn prediction: keywords 'churn'; technique 'classification' (strong match)"
        """
        keywords = [w for w in self.matched if w not in self.use_case.techniques]
        techniques = [w for w in self.matched if w in self.use_case.techniques]
        fr = lang == "fr"
        parts = []
        if keywords:
            parts.append(("mots-clés " if fr else "keywords ") + ", ".join(f"'{k}'" for k in keywords))
        if techniques:
            parts.append("technique " + ", ".join(f"'{t}'" for t in techniques))
        strength = {
            "strong": ("correspondance forte", "strong match"),
            "weak": ("correspondance faible", "weak match"),
        }
        label = strength[self.strength][0 if fr else 1]
        return f"{self.use_case.name(lang)}{' ' if fr else ''}: {'; '.join(parts)} ({label})"


def match_use_case(*texts: str) -> UseCaseMatch | None:
    """Best catalogue match for a project's texts, or None.

    Keywords match at word starts, so ``personalis`` matches ``personalised``.

    >>> m = match_use_case("Churn prediction", "Predict which customers will leave", "classification")
    >>> m.use_case.id, m.matched
    ('churn_prediction', ('churn', 'leave', 'classification'))
    >>> match_use_case("Coffee machine", "", "") is not None  # 'machine' -> maintenance, weak
    True
    >>> match_use_case("Quarterly board deck", "", "") is None
    True
    """
    haystack = _normalise(" ".join(texts))
    best: UseCaseMatch | None = None
    for use_case in CATALOGUE:
        words = [k for k in use_case.keywords if f" {_normalise(k).strip()}" in haystack]
        words += [t for t in use_case.techniques if f" {_normalise(t).strip()} " in haystack]
        if words and (best is None or len(words) > len(best.matched)):
            best = UseCaseMatch(use_case, tuple(dict.fromkeys(words)))
    return best
