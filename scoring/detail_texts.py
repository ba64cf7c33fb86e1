"""Signal and evidence-item details in the scan's language.

The evidence model writes every detail in English (``detail``) and in a language-neutral
form: a key naming the sentence and the values it shows, as text (``detail_key``,
``detail_args``; dbt_project/macros/detail_text.sql). This module holds the sentence of
every key in French and English and renders it. When the key is unknown, or the values do
not fit the sentence, the English detail of the evidence model stays: a bad row never
fails a scan.

Templates use the syntax of the dbt macro, plus what French needs:

- ``{}`` takes the next value; ``{0}``, ``{1}`` take a value by position (a template uses
  one style only);
- ``[...]`` is optional: left out when a value inside it is missing (null);
- ``{0:singular|plural}`` picks a word by the number in value 0 (French: singular below 2);
- ``{0:name}`` shows value 0 through the vocabulary ``name`` of :data:`VOCABULARY` (a
  value it does not know is shown as it is; a list ``a, b`` word by word).

In French a decimal value is written with a decimal comma (``0.25`` -> ``0,25``). The
English templates are the dbt project's, to the letter (tests/dbt_project checks it).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from scoring.evidence import EvidenceItem, Signal

#: key -> language -> template. The English text is the evidence model's own.
TEMPLATES: Mapping[str, Mapping[str, str]] = {
    # shared: a signal whose evidence was not read in this scan
    "scan.no_warehouse": {
        "en": "warehouse not crawled in this scan",
        "fr": "entrepôt non analysé dans ce scan",
    },
    "scan.no_access_model": {
        "en": "the warehouse exposes no roles or grants",
        "fr": "l'entrepôt n'expose ni rôles ni droits",
    },
    "scan.no_dbt_manifest": {
        "en": "no dbt manifest in this scan",
        "fr": "aucun manifeste dbt dans ce scan",
    },
    "scan.no_dbt_models": {
        "en": "no models in the dbt manifest",
        "fr": "aucun modèle dans le manifeste dbt",
    },
    "scan.no_dbt_run_results": {
        "en": "no dbt run_results in this scan",
        "fr": "aucun fichier run_results dbt dans ce scan",
    },
    "scan.no_openlineage": {
        "en": "no OpenLineage events in this scan",
        "fr": "aucun événement OpenLineage dans ce scan",
    },
    "scan.no_query_log": {
        "en": "no query log in this scan",
        "fr": "aucun journal des requêtes dans ce scan",
    },
    "signal.not_measured": {"en": "not measured", "fr": "non mesuré"},
    # Q1 lineage
    "lineage_coverage.no_modelled": {
        "en": "no modelled (non-source) relations in the warehouse",
        "fr": "aucune relation modélisée (hors sources) dans l'entrepôt",
    },
    "lineage_coverage.covered": {
        "en": "{} of {} modelled tables and views have a known upstream (dbt, OpenLineage or parsed SQL)",
        "fr": "{0} sur {1} tables et vues modélisées {0:a|ont} une dépendance amont connue "
        "(dbt, OpenLineage ou SQL analysé)",
    },
    "lineage_coverage.item": {
        "en": "{} in layer {} ({} rows) has no upstream edge in dbt, OpenLineage or parsed SQL",
        "fr": "{0:table_type} de la couche {1:layer} ({2} {2:ligne|lignes}) sans dépendance amont "
        "dans dbt, OpenLineage ou le SQL analysé",
    },
    "lineage_days_since_activity.none": {
        "en": "no dbt artifacts, OpenLineage events or lineage-yielding writes in this scan",
        "fr": "ni artefact dbt, ni événement OpenLineage, ni écriture porteuse de lignage dans ce scan",
    },
    "lineage_days_since_activity.newest": {
        "en": "newest lineage producer activity: {} at {}",
        "fr": "dernière activité d'un producteur de lignage : {0:producer}, le {1}",
    },
    "lineage_days_since_activity.item_dbt_artifact": {
        "en": "dbt {} of project {}, {} days before the scan",
        "fr": "artefact dbt {0} du projet {1}, produit {2} {2:jour|jours} avant le scan",
    },
    "lineage_days_since_activity.item_dbt_execution": {
        "en": "dbt {} of {}, {} days before the scan",
        "fr": "commande dbt {0} sur {1}, {2} {2:jour|jours} avant le scan",
    },
    "lineage_days_since_activity.item_openlineage_event": {
        "en": "{} event of job {}, {} days before the scan",
        "fr": "événement {0} du job {1}, {2} {2:jour|jours} avant le scan",
    },
    "lineage_days_since_activity.item_query_log_write": {
        "en": "write query by {}, {} days before the scan",
        "fr": "requête d'écriture de {0}, {1} {1:jour|jours} avant le scan",
    },
    "source_declared_share.no_raw": {
        "en": "no raw-layer tables in the warehouse",
        "fr": "aucune table de la couche brute dans l'entrepôt",
    },
    "source_declared_share.declared": {
        "en": "{} of {} raw-layer tables are declared as dbt sources",
        "fr": "{0} sur {1} tables de la couche brute {0:est déclarée comme source|sont déclarées comme sources} dbt",
    },
    "source_declared_share.item": {
        "en": "raw-layer {} ({} rows) is not declared as a dbt source",
        "fr": "{0:table_type} de la couche brute ({1} {1:ligne|lignes}) non déclarée comme source dbt",
    },
    "stale_sources.no_freshness": {
        "en": "no dbt source freshness results (sources.json) in this scan",
        "fr": "aucun résultat de fraîcheur des sources dbt (sources.json) dans ce scan",
    },
    "stale_sources.stale": {
        "en": "{} of {} dbt sources warned or errored on freshness",
        "fr": "{0} sur {1} sources dbt {0:est|sont} en alerte ou en erreur de fraîcheur",
    },
    "stale_sources.item": {
        "en": "{} freshness {}: newest row loaded at {} ({} days before the scan)",
        "fr": "{0} : fraîcheur {1:freshness}, dernière ligne chargée le {2} ({3} {3:jour|jours} avant le scan)",
    },
    # Q2 transformation
    "dbt_models.count": {
        "en": "{} models in the dbt manifest",
        "fr": "{0} {0:modèle|modèles} dans le manifeste dbt",
    },
    "dbt_models.item": {
        "en": "model {} ({}[, builds {}])",
        "fr": "modèle {0} ({1:materialization}[, construit {2}])",
    },
    "dbt_days_since_success.none": {
        "en": "no successful node execution in dbt run_results",
        "fr": "aucune exécution réussie dans les run_results dbt",
    },
    "dbt_days_since_success.newest": {
        "en": "newest successful dbt execution: {} at {}",
        "fr": "dernière exécution dbt réussie : {0}, le {1}",
    },
    "dbt_days_since_success.item": {
        "en": "{} {} at {} ({} days before the scan)",
        "fr": "{0} : {1:status} le {2} ({3} {3:jour|jours} avant le scan)",
    },
    "orchestrator_days_since_run.none": {
        "en": "no COMPLETE OpenLineage run from an orchestrator or ETL producer",
        "fr": "aucune exécution OpenLineage terminée (COMPLETE) venant d'un orchestrateur ou d'un outil ETL",
    },
    "orchestrator_days_since_run.newest": {
        "en": "newest completed orchestrated run: {} job {} at {}",
        "fr": "dernière exécution orchestrée terminée : job {1} ({0}), le {2}",
    },
    "orchestrator_days_since_run.item": {
        "en": "{} job {} completed at {} ({} days before the scan; producer {})",
        "fr": "job {1} ({0}) terminé le {2} ({3} {3:jour|jours} avant le scan ; producteur {4})",
    },
    "ingestion_footprints.none": {
        "en": "no table or column carries an ingestion-tool footprint",
        "fr": "aucune table ni colonne ne porte la trace d'un outil d'ingestion",
    },
    "ingestion_footprints.count": {
        "en": "{} tables carry ingestion footprints in their name or columns ({})",
        "fr": "{0} {0:table porte|tables portent} des traces d'outils d'ingestion dans "
        "{0:son nom ou ses colonnes|leur nom ou leurs colonnes} ({1})",
    },
    "ingestion_footprints.item": {
        "en": "{} footprint: {}",
        "fr": "traces {0} : {1}",
    },
    "dbt_test_pass_rate.none": {
        "en": "no dbt test results in the newest run",
        "fr": "aucun résultat de test dbt dans la dernière exécution",
    },
    "dbt_test_pass_rate.passed": {
        "en": "{} of {} dbt tests passed in the newest run",
        "fr": "{0} sur {1} tests dbt {0:a réussi|ont réussi} lors de la dernière exécution",
    },
    "dbt_test_pass_rate.item": {
        "en": "{} {}[: {}]",
        "fr": "{0} : {1:status}[ ({2})]",
    },
    # Q3 / Q11 usage
    "bi_tools_seen.none": {
        "en": "no BI tool seen in the query log",
        "fr": "aucun outil BI dans le journal des requêtes",
    },
    "bi_tools_seen.tools": {
        "en": "BI tools in the query log: {}",
        "fr": "outils BI dans le journal des requêtes : {0}",
    },
    "bi_tools_seen.item": {
        "en": "{} queries by {} users, last at {}",
        "fr": "{0} {0:requête|requêtes} de {1} {1:utilisateur|utilisateurs}, la dernière le {2}",
    },
    "bi_queries_30d.count": {
        "en": "{} queries from BI tools in the {} days before the scan",
        "fr": "{0} {0:requête|requêtes} d'outils BI dans les {1} jours précédant le scan",
    },
    "bi_queries_30d.item": {
        "en": "{} runs by {}[: {}]",
        "fr": "{0} {0:exécution|exécutions} par {1}[ : {2}]",
    },
    "dbt_exposures.count": {
        "en": "{} exposures declared in the dbt manifest",
        "fr": "{0} {0:exposition déclarée|expositions déclarées} dans le manifeste dbt",
    },
    "dbt_exposures.item": {
        "en": "exposure {}[ owned by {}]",
        "fr": "exposition {0}[ (propriétaire : {1})]",
    },
    "reporting_schemas.none": {
        "en": "no marts/reporting schema in the warehouse",
        "fr": "aucun schéma marts ou reporting dans l'entrepôt",
    },
    "reporting_schemas.schemas": {
        "en": "reporting schemas: {}",
        "fr": "schémas de reporting : {0}",
    },
    "reporting_schemas.item": {
        "en": "{} relations, {} rows",
        "fr": "{0} {0:relation|relations}, {1} {1:ligne|lignes}",
    },
    "human_analysts_90d.count": {
        "en": "{} distinct human users ran read queries in the {} days before the scan",
        "fr": "{0} {0:utilisateur humain distinct a|utilisateurs humains distincts ont} lancé des "
        "requêtes de lecture dans les {1} jours précédant le scan",
    },
    "human_analysts_90d.item": {
        "en": "{} read queries, last at {}",
        "fr": "{0} {0:requête|requêtes} de lecture, la dernière le {1}",
    },
    # Q4 / Q5 / Q6 / Q8 warehouse
    "warehouse_reachable.crawled": {
        "en": "{} warehouse crawled: {} relations[ in {}]",
        "fr": "entrepôt {0} analysé : {1} {1:relation|relations}[ dans {2}]",
    },
    "warehouse_reachable.crawled_unknown_engine": {
        "en": "the warehouse crawled: {} relations[ in {}]",
        "fr": "entrepôt analysé : {0} {0:relation|relations}[ dans {1}]",
    },
    "warehouse_reachable.failed": {
        "en": "the warehouse crawl failed (see the scan errors)",
        "fr": "l'analyse de l'entrepôt a échoué (voir les erreurs du scan)",
    },
    "warehouse_reachable.not_configured": {
        "en": "no warehouse configured for this scan",
        "fr": "aucun entrepôt configuré pour ce scan",
    },
    "warehouse_reachable.item": {
        "en": "{} relations crawled",
        "fr": "{0} {0:relation analysée|relations analysées}",
    },
    "warehouse_reachable.item_error": {
        "en": "{}",
        "fr": "erreur : {0}",
    },
    "warehouse_is_olap.unknown": {
        "en": "unknown engine kind: {}",
        "fr": "type de moteur inconnu : {0}",
    },
    "warehouse_is_olap.olap": {
        "en": "{} is an analytical (OLAP) engine",
        "fr": "{0} est un moteur analytique (OLAP)",
    },
    "warehouse_is_olap.oltp": {
        "en": "{} is a transactional (OLTP) engine",
        "fr": "{0} est un moteur transactionnel (OLTP)",
    },
    "warehouse_is_olap.item": {
        "en": "engine of the crawled warehouse",
        "fr": "moteur de l'entrepôt analysé",
    },
    "modelling_layers.none": {
        "en": "no raw, staging, intermediate or marts layer recognised",
        "fr": "aucune couche brute, staging, intermédiaire ou marts reconnue",
    },
    "modelling_layers.layers": {
        "en": "layers present: {}",
        "fr": "couches présentes : {0:layer}",
    },
    "modelling_layers.item": {
        "en": "{} relations, e.g. {}",
        "fr": "{0} {0:relation|relations}, par exemple {1}",
    },
    "mart_test_pass_rate.none": {
        "en": "no dbt test or GX result on a marts table",
        "fr": "aucun résultat de test dbt ou GX sur une table de marts",
    },
    "mart_test_pass_rate.passed": {
        "en": "{} of {} dbt tests and GX expectations on marts passed",
        "fr": "{0} sur {1} tests dbt et expectations GX sur les marts {0:a réussi|ont réussi}",
    },
    "mart_test_pass_rate.item": {
        "en": "{} on {} {}[: {}]",
        "fr": "{0} sur {1} : {2:status}[ ({3})]",
    },
    "mart_test_pass_rate.item_gx": {
        "en": "{}[ on {}] on {} {}[: {} unexpected rows]",
        "fr": "{0}[ (colonne {1})] sur {2} : {3:status}[ ({4} {4:ligne inattendue|lignes inattendues})]",
    },
    "mart_test_pass_rate.item_gx_observed": {
        "en": "{}[ on {}] on {} {}: observed {}[, {} unexpected rows]",
        "fr": "{0}[ (colonne {1})] sur {2} : {3:status} (valeur observée {4}"
        "[, {5} {5:ligne inattendue|lignes inattendues}])",
    },
    "mart_days_since_refresh.no_marts": {
        "en": "no marts table in the warehouse",
        "fr": "aucune table de marts dans l'entrepôt",
    },
    "mart_days_since_refresh.undated": {
        "en": "no modification or data timestamp on any marts table",
        "fr": "aucune date de modification ni de donnée sur les tables de marts",
    },
    "mart_days_since_refresh.freshest": {
        "en": "freshest marts table: {}, updated {} days before the scan",
        "fr": "table de marts la plus fraîche : {0}, mise à jour {1} {1:jour|jours} avant le scan",
    },
    "mart_days_since_refresh.item": {
        "en": "updated {} days before the scan",
        "fr": "mise à jour {0} {0:jour|jours} avant le scan",
    },
    "ml_artefact_tables.count": {
        "en": "{} prediction, feature, training or score tables",
        "fr": "{0} {0:table|tables} de prédictions, de features, d'entraînement ou de scores",
    },
    "ml_days_since_first_artefact.none": {
        "en": "no ML artefact table in the warehouse",
        "fr": "aucune table d'artefacts ML dans l'entrepôt",
    },
    "ml_days_since_first_artefact.undated": {
        "en": "no dated rows in the ML artefact tables",
        "fr": "aucune ligne datée dans les tables d'artefacts ML",
    },
    "ml_days_since_first_artefact.oldest": {
        "en": "oldest ML artefact: {}, first row {} days before the scan",
        "fr": "plus ancien artefact ML : {0}, première ligne {1} {1:jour|jours} avant le scan",
    },
    "ml_artefact.item": {
        "en": "{} artefact, {} rows[, first row {}]",
        "fr": "table {0:ml_artefact}, {1} {1:ligne|lignes}[, première ligne le {2}]",
    },
    # Q7 governance
    "roles_with_grants.count": {
        "en": "{} roles other than PUBLIC hold grants",
        "fr": "{0} {0:rôle autre que PUBLIC détient|rôles autres que PUBLIC détiennent} des droits",
    },
    "roles_with_grants.item": {
        "en": "{} privileges ({}) on {} objects",
        "fr": "{0} {0:privilège|privilèges} ({1}) sur {2} {2:objet|objets}",
    },
    "public_grants_on_modelled.count": {
        "en": "{} privileges granted to PUBLIC on modelled schemas or relations",
        "fr": "{0} {0:privilège accordé|privilèges accordés} à PUBLIC sur des schémas ou des relations modélisés",
    },
    "public_grants_on_modelled.item": {
        "en": "{} on {} {} granted to PUBLIC",
        "fr": "{0} sur {1:object_type} {2} accordé à PUBLIC",
    },
    "owner_coverage.owned": {
        "en": "{} of {} dbt models have an owner (meta.owner or group)",
        "fr": "{0} sur {1} modèles dbt {0:a|ont} un propriétaire (meta.owner ou group)",
    },
    "owner_coverage.item": {
        "en": "model {} has no meta.owner and no group",
        "fr": "le modèle {0} n'a ni meta.owner ni group",
    },
    "access_or_contracts.count": {
        "en": "{} dbt models with an explicit access modifier or an enforced contract",
        "fr": "{0} {0:modèle|modèles} dbt avec un niveau d'accès explicite ou un contrat appliqué",
    },
    "access_or_contracts.item": {
        "en": "model {}: access {}",
        "fr": "modèle {0} : accès {1:access}",
    },
    "access_or_contracts.item_contract": {
        "en": "model {}: access {}, contract enforced",
        "fr": "modèle {0} : accès {1:access}, contrat appliqué",
    },
    "pii_tagged_columns.count": {
        "en": "{} columns tagged or marked as personal data in dbt",
        "fr": "{0} {0:colonne marquée|colonnes marquées} comme données personnelles dans dbt",
    },
    "pii_tagged_columns.item": {
        "en": "{} {}: {} PII columns",
        "fr": "{0:resource_type} {1} : {2} {2:colonne|colonnes} de données personnelles",
    },
    # Q7 governance pillars
    "gov_contracts.marts": {
        "en": "{} of {} mart models have an enforced contract or an explicit access modifier",
        "fr": "{0} sur {1} modèles de marts {0:a|ont} un contrat appliqué ou un niveau d'accès explicite",
    },
    "gov_contracts.models": {
        "en": "{} of {} models have an enforced contract or an explicit access modifier",
        "fr": "{0} sur {1} modèles {0:a|ont} un contrat appliqué ou un niveau d'accès explicite",
    },
    "gov_contracts.item": {
        "en": "mart model {} has neither an enforced contract nor an explicit access modifier",
        "fr": "le modèle de marts {0} n'a ni contrat appliqué ni niveau d'accès explicite",
    },
    "gov_kpis.counts": {
        "en": "{} metrics, semantic models or saved queries; {} exposures",
        "fr": "{0} {0:métrique, modèle sémantique ou requête enregistrée|métriques, modèles sémantiques "
        "ou requêtes enregistrées} ; {1} {1:exposition|expositions}",
    },
    "gov_kpis.item": {
        "en": "{} {}",
        "fr": "{0:resource_type} {1}",
    },
    "gov_catalog.described": {
        "en": "{} of {} models and {} of {} columns have a description",
        "fr": "{0} sur {1} modèles et {2} sur {3} colonnes ont une description",
    },
    "gov_catalog.item_described": {
        "en": "model {}: described, {} of {} columns documented",
        "fr": "modèle {0} : décrit, {1} {1:colonne documentée|colonnes documentées} sur {2}",
    },
    "gov_catalog.item_undescribed": {
        "en": "model {}: no description, {} of {} columns documented",
        "fr": "modèle {0} : sans description, {1} {1:colonne documentée|colonnes documentées} sur {2}",
    },
    "gov_security.parts": {
        "en": "{} roles hold grants, {} PUBLIC grants on modelled data, {} row-level security policies",
        "fr": "{0} {0:rôle détient|rôles détiennent} des droits, {1} {1:droit|droits} PUBLIC sur des "
        "données modélisées, {2} {2:politique|politiques} de sécurité au niveau des lignes",
    },
    "gov_security.item": {
        "en": "row-level security policy {} on {} ({})",
        "fr": "politique de sécurité au niveau des lignes {0} sur {1} ({2})",
    },
    "gov_compliance.unreadable": {
        "en": "neither dbt tags nor row-level policies could be read in this scan",
        "fr": "ni les tags dbt ni les politiques de sécurité au niveau des lignes n'ont pu être lus dans ce scan",
    },
    "gov_compliance.none": {
        "en": "no column looks like personal data",
        "fr": "aucune colonne ne semble contenir de données personnelles",
    },
    "gov_compliance.protected": {
        "en": "{} of {} relations holding personal-data columns are tagged in dbt or guarded by a policy",
        "fr": "{0} sur {1} relations contenant des données personnelles {0:est marquée|sont marquées} "
        "dans dbt ou {0:protégée|protégées} par une politique",
    },
    "gov_compliance.item_protected": {
        "en": "personal data ({}) tagged in dbt or guarded by a policy",
        "fr": "données personnelles ({0}) marquées dans dbt ou protégées par une politique",
    },
    "gov_compliance.item_unprotected": {
        "en": "personal data ({}) neither tagged in dbt nor guarded by a policy",
        "fr": "données personnelles ({0}) ni marquées dans dbt ni protégées par une politique",
    },
    # Q8 data lab
    "data_lab_schemas.none": {
        "en": "no sandbox, scratch or dev schema or database",
        "fr": "aucun schéma ni aucune base de type sandbox, scratch ou dev",
    },
    "data_lab_schemas.spaces": {
        "en": "{} lab spaces: {}",
        "fr": "{0} {0:espace|espaces} de data lab : {1}",
    },
    "data_lab_schemas.item": {
        "en": "{} relations: {}",
        "fr": "{0} {0:relation|relations} : {1}",
    },
    "data_lab_separate_roles.count": {
        "en": "{} roles hold grants on a lab space and cannot write modelled data",
        "fr": "{0} {0:rôle détient|rôles détiennent} des droits sur un espace de data lab sans pouvoir "
        "écrire dans les données modélisées",
    },
    # Q6 MLOps
    "mlops_prediction_table.none": {
        "en": "no prediction or score table",
        "fr": "aucune table de prédictions ou de scores",
    },
    "mlops_prediction_table.unread": {
        "en": "the columns of the {} prediction tables were not read",
        "fr": "colonnes non lues pour {0} {0:table|tables} de prédictions",
    },
    "mlops_prediction_table.best": {
        "en": "best of {} prediction tables covers {} of 5 roles (timestamp, model version, output, "
        "decision, entity id)",
        "fr": "meilleure table de prédictions ({0} au total) : {1} {1:rôle couvert|rôles couverts} sur 5 "
        "(horodatage, version du modèle, sortie, décision, identifiant d'entité)",
    },
    "mlops_prediction_table.item_unread": {
        "en": "prediction table whose columns were not read",
        "fr": "table de prédictions dont les colonnes n'ont pas été lues",
    },
    "mlops_prediction_table.item_complete": {
        "en": "prediction table with all five roles: {}",
        "fr": "table de prédictions avec les cinq rôles : {0}",
    },
    "mlops_prediction_table.item": {
        "en": "prediction table missing {}[; has {}]",
        "fr": "table de prédictions sans {0}[ ; présents : {1}]",
    },
    "mlops_training_datasets.count": {
        "en": "{} stored training datasets",
        "fr": "{0} {0:jeu|jeux} de données d'entraînement {0:stocké|stockés}",
    },
    "mlops_training_datasets.item": {
        "en": "training dataset",
        "fr": "jeu de données d'entraînement",
    },
    "mlops_monitoring_tables.count": {
        "en": "{} monitoring or drift tables",
        "fr": "{0} {0:table|tables} de surveillance ou de dérive",
    },
    "mlops_monitoring_tables.item": {
        "en": "monitoring",
        "fr": "table de surveillance",
    },
    "mlops_log_tables.count": {
        "en": "{} prediction, inference or serving log tables",
        "fr": "{0} {0:table|tables} de journaux de prédiction, d'inférence ou de service",
    },
    "mlops_log_tables.item": {
        "en": "logs",
        "fr": "table de journaux",
    },
    "mlops_model_stores.count": {
        "en": "{} model registries or model stores",
        "fr": "{0} {0:registre ou stockage|registres ou stockages} de modèles",
    },
    "mlops_model_stores.item": {
        "en": "model store",
        "fr": "stockage de modèles",
    },
    "mlops_retraining_days.unreadable": {
        "en": "neither OpenLineage events nor a query log in this scan",
        "fr": "ni événement OpenLineage ni journal des requêtes dans ce scan",
    },
    "mlops_retraining_days.days": {
        "en": "training datasets or model stores written on {} distinct days in the last 365",
        "fr": "jeux d'entraînement ou stockages de modèles écrits sur {0} {0:jour distinct|jours distincts} "
        "au cours des 365 derniers jours",
    },
}

#: name -> language -> value -> word, for ``{0:name}`` fields: the values the evidence
#: model shows as they are in English (dbt statuses, table types, layers...).
VOCABULARY: Mapping[str, Mapping[str, Mapping[str, str]]] = {
    "table_type": {"fr": {"table": "table", "view": "vue"}},
    "layer": {
        "fr": {
            "raw": "brute",
            "staging": "staging",
            "intermediate": "intermédiaire",
            "marts": "marts",
            "ml": "ml",
            "other": "non classée",
        }
    },
    "status": {
        "fr": {
            "success": "réussi",
            "pass": "réussi",
            "fail": "en échec",
            "error": "en erreur",
            "warn": "en alerte",
            "skipped": "ignoré",
            "runtime error": "en erreur d'exécution",
        }
    },
    "freshness": {"fr": {"pass": "à jour", "warn": "en alerte", "error": "en erreur"}},
    "producer": {"fr": {"dbt": "dbt", "openlineage": "OpenLineage", "query_log": "journal des requêtes"}},
    "materialization": {
        "fr": {
            "table": "table",
            "view": "vue",
            "incremental": "incrémentale",
            "ephemeral": "éphémère",
            "materialized_view": "vue matérialisée",
        }
    },
    "access": {"fr": {"public": "public", "protected": "protégé", "private": "privé"}},
    "resource_type": {
        "fr": {
            "model": "modèle",
            "source": "source",
            "seed": "seed",
            "snapshot": "snapshot",
            "exposure": "exposition",
            "metric": "métrique",
            "semantic_model": "modèle sémantique",
            "semantic model": "modèle sémantique",
            "saved_query": "requête enregistrée",
            "saved query": "requête enregistrée",
        }
    },
    "object_type": {
        "fr": {
            "schema": "le schéma",
            "table": "la table",
            "view": "la vue",
            "materialized_view": "la vue matérialisée",
            "foreign_table": "la table étrangère",
        }
    },
    "ml_artefact": {
        "fr": {
            "prediction": "de prédictions",
            "feature": "de features",
            "training": "d'entraînement",
            "score": "de scores",
            "model_registry": "de registre de modèles",
            "ml schema": "du schéma ml",
        }
    },
}

_FIELD = re.compile(r"\{(\d*)(?::([^{}]*))?\}")
_OPTIONAL = re.compile(r"\[([^\[\]]*)\]")
_DECIMAL = re.compile(r"-?\d+\.\d+")


def _fields(template: str) -> list[tuple[int, str]] | None:
    """Value positions and specs of the template's fields; None when it is malformed."""
    found = _FIELD.findall(template)
    automatic = [index == "" for index, _ in found]
    if any(automatic) and not all(automatic):
        return None
    rest = _FIELD.sub("", template)
    if "{" in rest or "}" in rest or "[" in _OPTIONAL.sub("", rest) or "]" in _OPTIONAL.sub("", rest):
        return None
    fields = []
    for n, (index, spec) in enumerate(found):
        if spec and "|" not in spec and spec not in VOCABULARY:
            return None
        if "|" in spec and spec.count("|") != 1:
            return None
        fields.append((n if index == "" else int(index), spec))
    return fields


def arity(template: str) -> int | None:
    """How many values the template takes; None when it is malformed.

    >>> arity("{} of {} tables"), arity("{1} de {0}"), arity("{0} {0:table|tables}")
    (2, 2, 1)
    >>> arity("no value"), arity("{} and {1}"), arity("{2}"), arity("{0:nowhere}"), arity("[{}")
    (0, None, None, None, None)
    """
    fields = _fields(template)
    if fields is None:
        return None
    positions = {position for position, _ in fields}
    return len(positions) if positions == set(range(len(positions))) else None


def _number(value: str) -> float | None:
    try:
        return float(value)
    except ValueError:
        return None


def _show(value: str, spec: str, lang: str) -> str:
    if "|" in spec:
        singular, plural = spec.split("|")
        number = _number(value)
        if number is None:
            return plural
        is_singular = abs(number) < 2 if lang == "fr" else number == 1
        return singular if is_singular else plural
    if spec:
        words = VOCABULARY[spec].get(lang, {})
        if value in words or ", " not in value:
            return words.get(value, value)
        return ", ".join(words.get(part, part) for part in value.split(", "))
    if lang == "fr" and _DECIMAL.fullmatch(value):
        return value.replace(".", ",")
    return value


def render_template(key: str | None, args: Sequence[object | None], lang: str) -> str | None:
    """The detail of ``key`` with ``args`` in ``lang``; None when it cannot be said.

    >>> render_template("lineage_coverage.covered", ["19", "27"], "fr")
    '19 sur 27 tables et vues modélisées ont une dépendance amont connue (dbt, OpenLineage ou SQL analysé)'
    >>> render_template("dbt_models.item", ["orders", "view", None], "fr")
    'modèle orders (vue)'
    >>> render_template("mart_days_since_refresh.item", ["0.25"], "fr")
    'mise à jour 0,25 jour avant le scan'
    >>> render_template("dbt_models.count", ["1", "2"], "fr") is None  # one value too many
    True
    """
    template = TEMPLATES.get(key or "", {}).get(lang)
    if template is None:
        return None
    values = [None if arg is None else str(arg) for arg in args]
    if arity(template) != len(values):
        return None
    counter = iter(range(len(values)))
    numbered = _FIELD.sub(
        lambda m: "{" + (m.group(1) or str(next(counter))) + (":" + m.group(2) if m.group(2) else "") + "}",
        template,
    )

    def keep_optional(match: re.Match[str]) -> str:
        inside = [values[int(index)] for index, _ in _FIELD.findall(match.group(1))]
        return "" if any(value is None for value in inside) else match.group(1)

    text = _OPTIONAL.sub(keep_optional, numbered)
    if any(values[int(index)] is None for index, _ in _FIELD.findall(text)):
        return None
    return _FIELD.sub(lambda m: _show(values[int(m.group(1))] or "", m.group(2) or "", lang), text)


def render(key: str | None, args: Sequence[object | None], lang: str, fallback: str) -> str:
    """The detail in ``lang``, or ``fallback`` (the evidence model's English) when it cannot be said.

    >>> render("scan.no_warehouse", [], "fr", "warehouse not crawled in this scan")
    'entrepôt non analysé dans ce scan'
    >>> render("unknown.key", [], "fr", "as dbt wrote it")
    'as dbt wrote it'
    """
    return render_template(key, args, lang) or fallback


def _localized_item(item: EvidenceItem, lang: str) -> EvidenceItem:
    if item.detail_key is None:
        return item
    return replace(item, detail=render(item.detail_key, item.detail_args, lang, item.detail))


def localized(signals: Iterable[Signal], lang: str) -> list[Signal]:
    """The signals with their details and their evidence items' details in ``lang``.

    >>> sig = Signal("Q1", "dbt_models", 3.0, "3 models in the dbt manifest",
    ...              detail_key="dbt_models.count", detail_args=("3",))
    >>> localized([sig], "fr")[0].detail
    '3 modèles dans le manifeste dbt'
    """
    out = []
    for signal in signals:
        detail = signal.detail
        if signal.detail_key is not None:
            detail = render(signal.detail_key, signal.detail_args, lang, signal.detail)
        evidence = tuple(_localized_item(item, lang) for item in signal.evidence)
        out.append(replace(signal, detail=detail, evidence=evidence))
    return out
