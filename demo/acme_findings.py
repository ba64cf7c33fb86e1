"""The facts planted in the Acme demo stack, as constants for end-to-end tests.

``examples/acme/FINDINGS.md`` says the same in prose. The stack builder (``demo.acme``)
imports the design parameters from here (how stale, which store was closed, which test
fails), so the stack and the statement of what it contains cannot drift apart; the tests in
``tests/demo`` then read the built stack back and check each fact independently.
All table names are ``schema.table`` as qualified in the warehouse (lower-case).
"""

from __future__ import annotations

CLIENT_ID = "acme"
DBT_PROJECT = "acme"
WAREHOUSE_DB = "warehouse"  # DuckDB names the catalog after the file: warehouse.duckdb

# --- sizes (exact: the generators are seeded; tests check them) --------------------------------
HISTORY_DAYS = 548  # orders span ~18 months before as_of
N_CUSTOMERS = 8_000
N_PRODUCTS = 600
N_STORES_OPENED = 30  # store ids 1..30 ever existed ...
CLOSED_STORE_ID = 27  # ... but store 27 closed and was deleted from the shop database
CLOSED_STORE_DAYS_AGO = 300  # its last orders are ~300 days old

# --- ingestion and freshness -----------------------------------------------------------------
RAW_TABLES = (
    "raw.customers",
    "raw.orders",
    "raw.order_items",
    "raw.products",
    "raw.stores",
    "raw.payments",
    "raw.web_events",
    "raw.marketing_spend",
)
AIRBYTE_TABLES = (
    "raw.customers",
    "raw.orders",
    "raw.order_items",
    "raw.products",
    "raw.stores",
    "raw.payments",
)
DLT_TABLES = ("raw.marketing_spend",)  # _dlt_load_id / _dlt_id footprint
UNDECLARED_RAW_TABLE = "raw.marketing_spend"  # loaded by dlt, never declared as a dbt source
STALE_TABLE = "raw.web_events"
STALE_DAYS = 12  # the tracking load stopped 12 days before as_of; every other raw load is daily
STALE_SOURCE_UNIQUE_ID = "source.acme.tracking.web_events"
FRESH_SOURCE_UNIQUE_IDS = (
    "source.acme.shop.customers",
    "source.acme.shop.orders",
    "source.acme.shop.order_items",
    "source.acme.shop.products",
    "source.acme.shop.payments",
)
SOURCE_WITHOUT_FRESHNESS = "source.acme.shop.stores"  # declared, but no freshness policy

# --- dbt -------------------------------------------------------------------------------------
DBT_MODELS = {
    "staging": (
        "stg_shop__customers",
        "stg_shop__orders",
        "stg_shop__order_items",
        "stg_shop__products",
        "stg_shop__stores",
        "stg_shop__payments",
        "stg_tracking__web_events",
    ),
    "intermediate": ("int_orders_enriched", "int_customer_orders_aggregated", "int_web_sessions_sessionized"),
    "marts": (
        "fct_orders",
        "fct_daily_sales",
        "dim_customers",
        "dim_products",
        "dim_stores",
        "fct_web_sessions",
    ),
}
FAILING_TEST_UNIQUE_ID = "test.acme.fct_orders_store_id_in_dim_stores.6e358021e8"
FAILING_TEST_NAME = "fct_orders_store_id_in_dim_stores"  # relationships fct_orders.store_id -> dim_stores
FAILING_TEST_WHY = (
    f"orders of closed store {CLOSED_STORE_ID} reference a store deleted from raw.stores; the test sits on "
    "the leaf mart fct_orders so nothing downstream is skipped"
)
CONTRACT_MODEL = "model.acme.fct_orders"  # access: public, contract enforced, group finance
PII_COLUMNS = {
    "model.acme.dim_customers": ("email", "phone"),
    "source.acme.shop.customers": ("email", "phone"),
}
EXPOSURE = "exposure.acme.tableau_de_bord_ventes"  # a Metabase dashboard
GROUPS = ("finance", "marketing")
MODELS_WITH_OWNER = (
    "model.acme.fct_orders",
    "model.acme.fct_daily_sales",
    "model.acme.dim_customers",
    "model.acme.fct_web_sessions",
)

# --- lineage (Q1) ----------------------------------------------------------------------------
# Modelled (non-raw) relations whose lineage some producer records.
LINEAGE_FROM_DBT = tuple(f"{schema}.{m}" for schema, models in DBT_MODELS.items() for m in models)
LINEAGE_FROM_QUERY_LOG = ("reporting.kpi_snapshot", "sandbox.alice_cohorts")  # analysts' CTAS
LINEAGE_FROM_VIEW_SQL = ("reporting.v_store_performance",)  # hand-written view
LINEAGE_FROM_OPENLINEAGE = ("ml.customer_features",)  # Spark job
# Modelled relations nobody records lineage for: the planted Q1 gap.
TABLES_WITHOUT_LINEAGE = (
    "marts.legacy_sales_report",  # CREATE TABLE + INSERT VALUES by a pre-dbt script
    "marts.legacy_customer_segments",  # old segmentation, loaded from a notebook
    "marts.product_reviews",  # created empty for a review feed that never started
    "reporting.store_targets",  # finance's targets, uploaded by hand
    "reporting.monthly_budget",  # finance's budget, uploaded by hand
    "reporting.weekly_sales_export",  # legacy cron export, INSERT VALUES
    "ml.churn_predictions",  # written by the scoring job through an Arrow appender
    "ml.churn_training_set",  # written from a notebook
)
# The data lab: no lineage either, but experiments are left out of lineage coverage.
SANDBOX_WITHOUT_LINEAGE = ("sandbox.chloe_basket_export",)  # imported from a CSV
EMPTY_TABLE = "marts.product_reviews"

# --- OpenLineage -----------------------------------------------------------------------------
OL_DAYS = 60  # daily ingestion runs over the 60 days before as_of
OL_AIRFLOW_DAG = "acme_ingestion"
OL_INGESTION_TASKS = ("customers", "orders", "order_items", "products", "stores", "payments", "web_events")
OL_FAILED_TASK = "payments"  # one FAIL run (retried the same day, successfully)
OL_FAILED_DAYS_AGO = 23
OL_OWNED_JOB = "acme_ingestion.load_orders"  # the only job with an ownership facet
OL_SPARK_JOB = "customer_features_job"
OL_WAREHOUSE_NAMESPACE = "duckdb://acme"
OL_SOURCE_NAMESPACE = "postgres://shop-db:5432"
# Daily runs k = 0..59 days before the last load; web_events only for k >= 12 (48 runs).
# COMPLETE runs: 6 tasks x 60 days + 48 web_events + 60 Spark; plus one FAIL run (START + FAIL).
OL_INGESTION_COMPLETE_RUNS = 6 * OL_DAYS + (OL_DAYS - STALE_DAYS)
OL_SPARK_RUNS = OL_DAYS
OL_FAIL_EVENTS = 1
OL_COMPLETE_EVENTS = OL_INGESTION_COMPLETE_RUNS + OL_SPARK_RUNS
OL_START_EVENTS = OL_COMPLETE_EVENTS + OL_FAIL_EVENTS

# --- Great Expectations ----------------------------------------------------------------------
GX_VALIDATED_TABLES = ("raw.customers", "raw.orders", "raw.payments")
GX_FAILING = ("raw.customers", "expect_column_values_to_not_be_null", "email")  # in-store sign-ups

# --- query log (Q3, Q11) ---------------------------------------------------------------------
QUERY_LOG_DAYS = 90
BI_TOOLS = ("metabase", "looker", "tableau")
BI_USERS = {"metabase": "metabase", "looker": "looker_svc", "tableau": "reporting_ro"}
# Tableau is recognisable only by its application name; Metabase and Looker by their query comments.
SERVICE_USERS = ("svc_airflow", "dbt", "svc_ml")
HUMAN_ANALYSTS = ("alice.martin", "bruno.dupont", "chloe.bernard")
HUMAN_TOOLS = {"alice.martin": "DBeaver 24.1.0", "bruno.dupont": "DataGrip 2024.1.4", "chloe.bernard": "psql"}
KPI_SNAPSHOT_AUTHOR = "bruno.dupont"

# --- ML (Q6, Q8) -----------------------------------------------------------------------------
ML_TABLES = ("ml.churn_predictions", "ml.customer_features", "ml.churn_training_set")
ML_PREDICTION_TABLE = "ml.churn_predictions"
ML_HISTORY_DAYS = 245  # first churn prediction ~8 months before as_of: AI practice < 1 year
ML_MODEL_VERSIONS = ("churn_xgb_1.0", "churn_xgb_1.1", "churn_xgb_1.2")

# --- survey (Q1 contradiction, unanswered question) --------------------------------------------
CONTRADICTED_QUESTION = "Q1"
CONTRADICTED_SURVEY_ANSWER = "yes"
CONTRADICTION_WHY = (
    "The survey claims full lineage, but 8 modelled tables have no recorded upstream "
    "(TABLES_WITHOUT_LINEAGE): coverage is about 0.7, below the 0.8 needed for 'yes', so "
    "the evidence says 'partial'."
)
NOT_IN_SURVEY = ("Q3", "Q14")  # Q3 (and Q3_dedicated_people): the evidence answers it (BI tools seen)
UNANSWERED_QUESTIONS = ("Q14",)  # survey-only and not asked: the score is a range (+0..+2)
SURVEY_ONLY_ANSWERED = {"Q5": 6, "Q9": "evaluating", "Q12": "partly", "Q13": "yes"}

# --- portfolio -------------------------------------------------------------------------------
PORTFOLIO_DEPARTMENTS = ("Marketing", "Supply Chain", "Finance", "Service client", "E-commerce")
PORTFOLIO_EXPECTATIONS = {
    "Prédiction du churn": "all tables exist, rich and fresh (ml.customer_features, marts.dim_customers, ...)",
    "Prévision de la demande": "marts.fct_daily_sales exists with more than a year of history",
    "Détection de fraude aux paiements": "raw.payment_fraud_labels does not exist; marts.fct_order is a "
    "near-typo of marts.fct_orders",
    "Classification des avis produits": "marts.product_reviews exists but is empty",
    "Moteur de recommandation": "raw.web_events is 12 days stale (source freshness error)",
}
MISSING_TABLES = ("raw.payment_fraud_labels", "marts.fct_order")
NEAR_TYPO = ("marts.fct_order", "marts.fct_orders")
