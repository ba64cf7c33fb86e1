"""Acme's raw layer: what Airbyte, the tracking pipeline and dlt delivered to ``raw.*``.

Everything is drawn in bulk with numpy from one seeded generator, handed to DuckDB as Arrow
tables, and finished in SQL (string formatting, ingestion footprint columns), so 18 months
of a mid-size retailer (tens of thousands of orders, a quarter of a million web events)
load in about a second. The data carries the imperfections the findings rely on: a closed
store still referenced by old orders, customers without an email, a web-events feed that
stopped loading ``STALE_DAYS`` before ``as_of``.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import duckdb
import numpy as np
import pyarrow as pa

from demo import acme_findings as F
from demo.acme.clock import StackClock

CITIES = [  # (city, region) for store ids 1..30
    ("Paris", "Île-de-France"), ("Lyon", "Auvergne-Rhône-Alpes"), ("Marseille", "Provence-Alpes-Côte d'Azur"),
    ("Toulouse", "Occitanie"), ("Nice", "Provence-Alpes-Côte d'Azur"), ("Nantes", "Pays de la Loire"),
    ("Strasbourg", "Grand Est"), ("Montpellier", "Occitanie"), ("Bordeaux", "Nouvelle-Aquitaine"),
    ("Lille", "Hauts-de-France"), ("Rennes", "Bretagne"), ("Reims", "Grand Est"),
    ("Le Havre", "Normandie"), ("Saint-Étienne", "Auvergne-Rhône-Alpes"), ("Toulon", "Provence-Alpes-Côte d'Azur"),
    ("Grenoble", "Auvergne-Rhône-Alpes"), ("Dijon", "Bourgogne-Franche-Comté"), ("Angers", "Pays de la Loire"),
    ("Nîmes", "Occitanie"), ("Versailles", "Île-de-France"), ("Clermont-Ferrand", "Auvergne-Rhône-Alpes"),
    ("Le Mans", "Pays de la Loire"), ("Aix-en-Provence", "Provence-Alpes-Côte d'Azur"), ("Brest", "Bretagne"),
    ("Tours", "Centre-Val de Loire"), ("Amiens", "Hauts-de-France"), ("Limoges", "Nouvelle-Aquitaine"),
    ("Annecy", "Auvergne-Rhône-Alpes"), ("Metz", "Grand Est"), ("Rouen", "Normandie"),
]  # fmt: skip
NEW_STORES = {29: 270, 30: 150}  # store id -> opened this many days before as_of

FIRST_NAMES = [
    ("Marie", "marie"), ("Jean", "jean"), ("Camille", "camille"), ("Lucas", "lucas"), ("Léa", "lea"),
    ("Hugo", "hugo"), ("Chloé", "chloe"), ("Louis", "louis"), ("Manon", "manon"), ("Gabriel", "gabriel"),
    ("Inès", "ines"), ("Arthur", "arthur"), ("Sarah", "sarah"), ("Jules", "jules"), ("Emma", "emma"),
    ("Nathan", "nathan"), ("Zoé", "zoe"), ("Théo", "theo"), ("Julie", "julie"), ("Thomas", "thomas"),
    ("Hélène", "helene"), ("Nicolas", "nicolas"), ("Sophie", "sophie"), ("Antoine", "antoine"),
    ("Céline", "celine"), ("Pierre", "pierre"), ("Amélie", "amelie"), ("Mathieu", "mathieu"),
]  # fmt: skip
LAST_NAMES = [
    ("Martin", "martin"), ("Bernard", "bernard"), ("Dubois", "dubois"), ("Thomas", "thomas"),
    ("Robert", "robert"), ("Richard", "richard"), ("Petit", "petit"), ("Durand", "durand"),
    ("Leroy", "leroy"), ("Moreau", "moreau"), ("Simon", "simon"), ("Laurent", "laurent"),
    ("Lefèvre", "lefevre"), ("Michel", "michel"), ("Garcia", "garcia"), ("David", "david"),
    ("Bertrand", "bertrand"), ("Roux", "roux"), ("Vincent", "vincent"), ("Fournier", "fournier"),
    ("Morel", "morel"), ("Girard", "girard"), ("André", "andre"), ("Mercier", "mercier"),
    ("Dupont", "dupont"), ("Lambert", "lambert"), ("Bonnet", "bonnet"), ("François", "francois"),
]  # fmt: skip
EMAIL_DOMAINS = ["gmail.com", "orange.fr", "free.fr", "hotmail.fr", "laposte.net", "sfr.fr", "yahoo.fr"]
LOYALTY_TIERS = ["none", "silver", "gold", "platinum"]
CATEGORIES = {  # category -> (nouns, price range in EUR)
    "Maison": (["Coussin", "Plaid", "Vase", "Miroir", "Lampe", "Rideau"], (9, 120)),
    "Cuisine": (["Poêle", "Casserole", "Couteau", "Théière", "Saladier", "Mixeur"], (6, 180)),
    "Jardin": (["Tuyau", "Sécateur", "Jardinière", "Bêche", "Parasol", "Salon"], (5, 450)),
    "Bricolage": (["Perceuse", "Tournevis", "Niveau", "Scie", "Ponceuse", "Mètre"], (4, 260)),
    "Textile": (["Drap", "Serviette", "Nappe", "Housse", "Tapis", "Peignoir"], (8, 140)),
    "Électroménager": (["Bouilloire", "Grille-pain", "Aspirateur", "Cafetière", "Robot", "Fer"], (19, 520)),
    "Sport": (["Tapis de yoga", "Haltère", "Ballon", "Gourde", "Raquette", "Vélo"], (6, 700)),
    "Jouets": (["Puzzle", "Peluche", "Jeu de société", "Voiture", "Poupée", "Lego"], (5, 90)),
}
ADJECTIVES = ["classique", "premium", "essentiel", "design", "compact", "nature", "pro", "éco"]
BRANDS = ["Acme", "Maison Claire", "Provença", "Atelier Nord", "Basique", "Soléo"]


def _airbyte_columns(
    prefix: str, key: str, updated_col: str, last_load: datetime, full_refresh: bool = False
) -> str:
    """SQL for Airbyte's footprint columns, derived (not drawn) so they are deterministic.

    Incremental streams: ``_airbyte_extracted_at`` is the first daily sync at or after the
    row's last update (syncs every 24 hours ending at ``last_load``), so the freshest row
    carries exactly ``last_load`` and dbt's source freshness measures what Airbyte delivered.
    Full-refresh streams (small reference tables) are re-extracted whole at every sync.
    """
    ll = f"TIMESTAMP '{last_load:%Y-%m-%d %H:%M:%S}'"
    h = f"md5('{prefix}:' || {key})"
    days_back = f"CAST(floor(datediff('second', {updated_col}, {ll}) / 86400) AS INTEGER)"
    extracted = ll if full_refresh else f"{ll} - to_days({days_back})"
    sync_id = "9000" if full_refresh else f"(9000 - {days_back})::VARCHAR"
    return (
        f"substr({h},1,8)||'-'||substr({h},9,4)||'-4'||substr({h},14,3)||'-a'||substr({h},18,3)||'-'"
        f"||substr({h},21,12) AS _airbyte_raw_id, {extracted} AS _airbyte_extracted_at, "
        f"""'{{"changes":[],"sync_id":' || {sync_id} || '}}' AS _airbyte_meta"""
    )


def _dict_strings(indices: np.ndarray, values: list[str]) -> pa.Array:
    """Strings picked by index, built as an Arrow dictionary (no Python loop per row)."""
    return pa.DictionaryArray.from_arrays(pa.array(indices, pa.int32()), pa.array(values)).cast(pa.string())


def _ts(values: np.ndarray) -> pa.Array:
    return pa.array(values.astype("datetime64[us]"), pa.timestamp("us"))


def build_raw(con: duckdb.DuckDBPyConnection, clock: StackClock, rng: np.random.Generator) -> dict[str, int]:
    """Create and fill every ``raw.*`` table; returns row counts by table."""
    con.execute("CREATE SCHEMA raw")
    last_load = np.datetime64(clock.last_load, "s")
    start = np.datetime64(clock.history_start, "s")
    _stores(con, clock)
    prices = _products(con, clock, rng)
    cust_created = _customers(con, clock, rng)
    orders = _orders(con, clock, rng, start, last_load, cust_created)
    totals = _order_items(con, rng, orders, prices, last_load)
    _payments(con, rng, orders, totals, last_load)
    _web_events(con, clock, rng, start)
    _marketing_spend(con, clock, rng)
    return {t: con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0] for t in F.RAW_TABLES}


def _stores(con: duckdb.DuckDBPyConnection, clock: StackClock) -> None:
    ids = np.arange(1, F.N_STORES_OPENED + 1)
    opened = [
        clock.day(NEW_STORES[i]) if i in NEW_STORES else clock.day(900 + 97 * i % 2500) for i in ids.tolist()
    ]
    tbl = pa.table(
        {
            "store_id": pa.array(ids, pa.int32()),
            "city": [c for c, _ in CITIES],
            "region": [r for _, r in CITIES],
            "opened_on": pa.array(opened, pa.date32()),
            "surface_m2": pa.array(800 + (ids * 373) % 2200, pa.int32()),
        }
    )
    con.register("src_stores", tbl)
    ll = clock.last_load
    con.execute(
        f"""
        CREATE TABLE raw.stores AS
        SELECT store_id, 'Acme ' || city AS store_name, city, region, opened_on, surface_m2,
               CAST(opened_on AS TIMESTAMP) + INTERVAL 9 HOUR AS updated_at,
               {_airbyte_columns("stores", "store_id", "opened_on", ll, full_refresh=True)}
        FROM src_stores
        WHERE store_id <> {F.CLOSED_STORE_ID}  -- closed: deleted from the shop database
        ORDER BY store_id
        """
    )
    con.unregister("src_stores")


def _products(con: duckdb.DuckDBPyConnection, clock: StackClock, rng: np.random.Generator) -> np.ndarray:
    n = F.N_PRODUCTS
    cats = list(CATEGORIES)
    cat_idx = rng.integers(0, len(cats), n)
    noun_idx = rng.integers(0, 6, n)
    adj_idx = rng.integers(0, len(ADJECTIVES), n)
    lo = np.array([CATEGORIES[c][1][0] for c in cats])[cat_idx]
    hi = np.array([CATEGORIES[c][1][1] for c in cats])[cat_idx]
    price = np.round(np.exp(rng.uniform(np.log(lo), np.log(hi))), 0) - 0.01
    names = [
        f"{CATEGORIES[cats[c]][0][k]} {ADJECTIVES[a]}"
        for c, k, a in zip(cat_idx, noun_idx, adj_idx, strict=True)
    ]
    created = np.datetime64(clock.as_of, "s") - rng.integers(20, 1500, n).astype("timedelta64[D]")
    tbl = pa.table(
        {
            "product_id": pa.array(np.arange(1, n + 1), pa.int32()),
            "product_name": names,
            "category": _dict_strings(cat_idx, cats),
            "brand": _dict_strings(rng.integers(0, len(BRANDS), n), BRANDS),
            "unit_price": pa.array(price, pa.float64()),
            "unit_cost": pa.array(np.round(price * rng.uniform(0.35, 0.7, n), 2), pa.float64()),
            "is_active": pa.array(rng.random(n) > 0.08),
            "created_at": _ts(created),
            "updated_at": _ts(np.minimum(created + rng.integers(0, 400, n).astype("timedelta64[D]"),
                                         np.datetime64(clock.last_load, "s"))),
        }
    )  # fmt: skip
    con.register("src_products", tbl)
    con.execute(
        f"""
        CREATE TABLE raw.products AS
        SELECT product_id, 'ACM-' || lpad(product_id::VARCHAR, 5, '0') AS sku, product_name, category, brand,
               CAST(unit_price AS DECIMAL(10,2)) AS unit_price, CAST(unit_cost AS DECIMAL(10,2)) AS unit_cost,
               is_active, created_at, updated_at,
               {_airbyte_columns("products", "product_id", "updated_at", clock.last_load, full_refresh=True)}
        FROM src_products ORDER BY product_id
        """
    )
    con.unregister("src_products")
    return price


def _customers(con: duckdb.DuckDBPyConnection, clock: StackClock, rng: np.random.Generator) -> np.ndarray:
    """Customers signed up over four years; returns their sorted creation times."""
    n = F.N_CUSTOMERS
    as_of = np.datetime64(clock.as_of, "s")
    secs = np.sort(rng.integers(5 * 86400, 4 * 365 * 86400, n))[::-1]
    created = as_of - secs.astype("timedelta64[s]")  # ascending: customer_id follows sign-up order
    updated = np.minimum(created + rng.integers(0, 300 * 86400, n).astype("timedelta64[s]"),
                         np.datetime64(clock.last_load, "s"))  # fmt: skip
    first = rng.integers(0, len(FIRST_NAMES), n)
    last = rng.integers(0, len(LAST_NAMES), n)
    no_email = rng.random(n) < 0.031  # signed up at a till, no email given: the GX failure
    tbl = pa.table(
        {
            "customer_id": pa.array(np.arange(1, n + 1), pa.int32()),
            "first_name": _dict_strings(first, [f for f, _ in FIRST_NAMES]),
            "last_name": _dict_strings(last, [name for name, _ in LAST_NAMES]),
            "first_ascii": _dict_strings(first, [a for _, a in FIRST_NAMES]),
            "last_ascii": _dict_strings(last, [a for _, a in LAST_NAMES]),
            "domain": _dict_strings(rng.integers(0, len(EMAIL_DOMAINS), n), EMAIL_DOMAINS),
            "no_email": pa.array(no_email),
            "phone_num": pa.array(rng.integers(10_000_000, 99_999_999, n), pa.int64()),
            "mobile": pa.array(rng.random(n) < 0.8),
            "birth_days": pa.array(rng.integers(18 * 365, 80 * 365, n), pa.int32()),
            "city": _dict_strings(rng.integers(0, len(CITIES), n), [c for c, _ in CITIES]),
            "tier": _dict_strings(rng.choice(4, n, p=[0.55, 0.27, 0.14, 0.04]), LOYALTY_TIERS),
            "optin": pa.array(rng.random(n) < 0.46),
            "created_at": _ts(created),
            "updated_at": _ts(updated),
        }
    )
    con.register("src_customers", tbl)
    con.execute(
        f"""
        CREATE TABLE raw.customers AS
        SELECT c.customer_id, c.first_name, c.last_name,
               CASE WHEN NOT c.no_email THEN c.first_ascii || '.' || c.last_ascii || (c.customer_id % 97)::VARCHAR
                    || '@' || c.domain END AS email,
               CASE WHEN c.mobile THEN '+33 6 ' ELSE '+33 1 ' END
                    || regexp_replace(lpad(c.phone_num::VARCHAR, 8, '0'), '(..)(..)(..)(..)', '\\1 \\2 \\3 \\4')
                    AS phone,
               DATE '{clock.as_of:%Y-%m-%d}' - c.birth_days AS birth_date,
               c.city, c.tier AS loyalty_tier, c.optin AS marketing_opt_in, c.created_at, c.updated_at,
               {_airbyte_columns("customers", "c.customer_id", "c.updated_at", clock.last_load)}
        FROM src_customers c
        ORDER BY c.customer_id
        """
    )
    con.unregister("src_customers")
    return created


def _orders(con, clock, rng, start, last_load, cust_created) -> dict[str, np.ndarray]:
    """Orders with weekly and yearly seasonality and growth; returns the columns items and payments need."""
    days = np.arange(
        start.astype("datetime64[D]"), (last_load + np.timedelta64(1, "s")).astype("datetime64[D]")
    )
    doy = (days - days.astype("datetime64[Y]")).astype(int)
    dow = (days.astype(int) + 3) % 7  # 0 = Monday
    trend = np.linspace(0.85, 1.2, len(days))
    season = 1 + 0.7 * np.exp(-(((doy - 350) / 14.0) ** 2)) - 0.15 * np.exp(-(((doy - 220) / 20.0) ** 2))
    weekday = np.array([0.85, 0.85, 0.9, 0.95, 1.1, 1.45, 0.7])[dow]
    counts = rng.poisson(98 * trend * season * weekday)
    day_of = np.repeat(days, counts).astype("datetime64[s]")
    n = len(day_of)
    channel = rng.choice(3, n, p=[0.62, 0.30, 0.08])  # store, web, click_and_collect
    hour_secs = np.where(channel == 1, rng.integers(0, 86400, n), rng.integers(9 * 3600, 20 * 3600, n))
    ordered = day_of + hour_secs.astype("timedelta64[s]")
    keep = np.flatnonzero(ordered <= last_load)
    keep = keep[np.argsort(ordered[keep], kind="stable")]
    ordered, channel = ordered[keep], channel[keep]
    n = len(ordered)
    # stores: weighted by size; the closed store only before its closure, new stores only after opening
    store = rng.choice(np.arange(1, F.N_STORES_OPENED + 1), n, p=_store_weights())
    closed_at = np.datetime64(clock.days_ago(F.CLOSED_STORE_DAYS_AGO), "s")
    store = np.where((store == F.CLOSED_STORE_ID) & (ordered > closed_at), 1 + (np.arange(n) % 20), store)
    for sid, ago in NEW_STORES.items():
        store = np.where((store == sid) & (ordered < np.datetime64(clock.days_ago(ago), "s")), 2, store)
    store = np.where(channel == 1, 0, store)  # web orders have no store
    # customers: only those already signed up, loyal (older) customers order more
    n_before = np.searchsorted(cust_created, ordered, side="right")
    customer = 1 + np.floor(rng.random(n) ** 1.35 * np.maximum(n_before, 1)).astype(np.int64)
    age_days = (last_load - ordered).astype("timedelta64[s]").astype(np.int64) / 86400
    status = rng.choice(4, n, p=[0.915, 0.035, 0.045, 0.005])  # completed, cancelled, returned, pending
    status = np.where((age_days < 2) & (rng.random(n) < 0.35), 3, np.where(status == 3, 0, status))
    upd_delay = np.where(status == 2, rng.integers(2, 25, n) * 86400, rng.integers(60, 7200, n))
    updated = np.minimum(ordered + upd_delay.astype("timedelta64[s]"), last_load)
    order_id = np.arange(100_001, 100_001 + n)
    tbl = pa.table(
        {
            "order_id": pa.array(order_id, pa.int64()),
            "customer_id": pa.array(customer, pa.int32()),
            "store_id": pa.array(store, pa.int32()),
            "channel": _dict_strings(channel, ["store", "web", "click_and_collect"]),
            "status": _dict_strings(status, ["completed", "cancelled", "returned", "pending"]),
            "ordered_at": _ts(ordered),
            "updated_at": _ts(updated),
        }
    )
    con.register("src_orders", tbl)
    return {
        "order_id": order_id,
        "ordered_at": ordered,
        "channel": channel,
        "status": status,
        "updated": updated,
    }


def _store_weights() -> np.ndarray:
    w = 0.6 + (np.arange(1, F.N_STORES_OPENED + 1) * 373 % 2200) / 2200
    w[0] *= 2.5  # Paris flagship
    return w / w.sum()


def _order_items(con, rng, orders, prices, last_load) -> np.ndarray:
    """Order lines (and the orders table, whose totals are the sum of its lines); returns totals."""
    n_orders = len(orders["order_id"])
    n_lines = 1 + rng.poisson(1.4, n_orders)
    order_idx = np.repeat(np.arange(n_orders), n_lines)
    m = len(order_idx)
    popularity = 1.0 / np.arange(1, F.N_PRODUCTS + 1) ** 0.9
    product = 1 + rng.permutation(F.N_PRODUCTS)[rng.choice(F.N_PRODUCTS, m, p=popularity / popularity.sum())]
    qty = 1 + rng.poisson(0.35, m)
    unit = prices[product - 1]
    discount = np.where(rng.random(m) < 0.12, np.round(unit * qty * rng.choice([0.1, 0.2, 0.3], m), 2), 0.0)
    line = np.round(unit * qty - discount, 2)
    totals = np.round(np.bincount(order_idx, weights=line, minlength=n_orders), 2)
    tbl = pa.table(
        {
            "order_item_id": pa.array(np.arange(1, m + 1), pa.int64()),
            "order_id": pa.array(orders["order_id"][order_idx], pa.int64()),
            "product_id": pa.array(product, pa.int32()),
            "quantity": pa.array(qty, pa.int32()),
            "unit_price": pa.array(unit, pa.float64()),
            "discount_amount": pa.array(discount, pa.float64()),
            "updated_at": _ts(orders["ordered_at"][order_idx]),
        }
    )
    con.register("src_items", tbl)
    ll = last_load.astype(datetime)
    con.execute(
        f"""
        CREATE TABLE raw.order_items AS
        SELECT order_item_id, order_id, product_id, quantity,
               CAST(unit_price AS DECIMAL(10,2)) AS unit_price, CAST(discount_amount AS DECIMAL(10,2))
               AS discount_amount, {_airbyte_columns("order_items", "order_item_id", "updated_at", ll)}
        FROM src_items ORDER BY order_item_id
        """
    )
    con.register("src_totals", pa.table({"order_id": orders["order_id"], "total_amount": totals}))
    con.execute(
        f"""
        CREATE TABLE raw.orders AS
        SELECT o.order_id, o.customer_id, NULLIF(o.store_id, 0) AS store_id, o.channel, o.status,
               CAST(t.total_amount AS DECIMAL(12,2)) AS total_amount, 'EUR' AS currency,
               o.ordered_at, o.updated_at,
               {_airbyte_columns("orders", "o.order_id", "o.updated_at", ll)}
        FROM src_orders o JOIN src_totals t USING (order_id) ORDER BY o.order_id
        """
    )
    for name in ("src_items", "src_totals", "src_orders"):
        con.unregister(name)
    return totals


def _payments(con, rng, orders, totals, last_load) -> None:
    """One captured payment per order, refunds for returns, and a few declined attempts first."""
    n = len(totals)
    channel, status = orders["channel"], orders["status"]
    method = np.where(channel == 1, rng.choice([0, 1, 2], n, p=[0.78, 0.17, 0.05]),
                      rng.choice([0, 2, 3], n, p=[0.8, 0.07, 0.13]))  # fmt: skip
    pay_status = np.select([status == 2, status == 1, status == 3], [1, 1, 3], 0)  # captured/refunded/pending
    declined = rng.random(n) < 0.018
    idx = np.concatenate([np.flatnonzero(declined), np.arange(n)])
    st = np.concatenate([np.full(declined.sum(), 2), pay_status])
    offset = np.concatenate([np.full(declined.sum(), 5), np.full(n, 40)])
    paid = orders["ordered_at"][idx] + offset.astype("timedelta64[s]")
    order_ts = np.lexsort((offset, paid))
    idx, st, paid = idx[order_ts], st[order_ts], np.minimum(paid[order_ts], last_load)
    tbl = pa.table(
        {
            "payment_id": pa.array(np.arange(500_001, 500_001 + len(idx)), pa.int64()),
            "order_id": pa.array(orders["order_id"][idx], pa.int64()),
            "payment_method": _dict_strings(method[idx], ["card", "paypal", "gift_card", "cash"]),
            "amount": pa.array(totals[idx], pa.float64()),
            "status": _dict_strings(st, ["captured", "refunded", "declined", "pending"]),
            "paid_at": _ts(paid),
        }
    )
    con.register("src_payments", tbl)
    con.execute(
        f"""
        CREATE TABLE raw.payments AS
        SELECT payment_id, order_id, payment_method, CAST(amount AS DECIMAL(12,2)) AS amount, status, paid_at,
               {_airbyte_columns("payments", "payment_id", "paid_at", last_load.astype(datetime))}
        FROM src_payments ORDER BY payment_id
        """
    )
    con.unregister("src_payments")


def _web_events(con, clock: StackClock, rng: np.random.Generator, start: np.datetime64) -> None:
    """Clickstream sessions until the tracking feed broke, ``STALE_DAYS`` before as_of."""
    feed_end = np.datetime64(clock.last_load - timedelta(days=F.STALE_DAYS), "s")
    span = int((feed_end - start).astype(np.int64))
    n_sessions = 52_000
    session_start = start + np.sort(rng.integers(0, span, n_sessions)).astype("timedelta64[s]")
    n_events = 1 + rng.geometric(0.27, n_sessions)
    sess = np.repeat(np.arange(n_sessions), n_events)
    m = len(sess)
    first = np.r_[0, np.cumsum(n_events)[:-1]]
    pos = np.arange(m) - np.repeat(first, n_events)
    gaps = rng.exponential(45, m).astype(np.int64)
    gaps[np.repeat(first, n_events) == np.arange(m)] = 0
    cum = np.cumsum(gaps) - np.repeat(np.cumsum(gaps)[first], n_events)
    occurred = np.minimum(session_start[sess] + cum.astype("timedelta64[s]"), feed_end)
    etype = np.where(pos == 0, 0, rng.choice(4, m, p=[0.45, 0.38, 0.12, 0.05]))
    bought = rng.random(n_sessions) < 0.034
    last_of = np.r_[first[1:], m] - 1
    etype[last_of[bought & (n_events > 1)]] = 4
    logged = rng.random(n_sessions) < 0.42
    customer = np.where(logged, rng.integers(1, F.N_CUSTOMERS + 1, n_sessions), 0)[sess]
    product = np.where(np.isin(etype, [1, 2]), rng.integers(1, F.N_PRODUCTS + 1, m), 0)
    device = rng.choice(3, n_sessions, p=[0.61, 0.33, 0.06])[sess]
    tbl = pa.table(
        {
            "n": pa.array(np.arange(m), pa.int64()),
            "session_n": pa.array(sess, pa.int64()),
            "customer_id": pa.array(customer, pa.int32()),
            "event_type": _dict_strings(
                etype, ["page_view", "product_view", "add_to_cart", "checkout", "purchase"]
            ),
            "product_id": pa.array(product, pa.int32()),
            "device": _dict_strings(device, ["mobile", "desktop", "tablet"]),
            "occurred_at": _ts(occurred),
        }
    )
    con.register("src_events", tbl)
    fe = f"TIMESTAMP '{feed_end.astype(datetime):%Y-%m-%d %H:%M:%S}'"
    con.execute(
        f"""
        CREATE TABLE raw.web_events AS
        SELECT md5('evt:' || n) AS event_id, substr(md5('ses:' || session_n), 1, 20) AS session_id,
               NULLIF(customer_id, 0) AS customer_id, event_type, NULLIF(product_id, 0) AS product_id,
               CASE event_type
                   WHEN 'page_view' THEN 'https://www.acme-retail.fr/' || (['', 'promotions', 'maison',
                        'cuisine', 'jardin', 'magasins'])[1 + n % 6]
                   WHEN 'checkout' THEN 'https://www.acme-retail.fr/panier/paiement'
                   WHEN 'purchase' THEN 'https://www.acme-retail.fr/commande/confirmation'
                   ELSE 'https://www.acme-retail.fr/produit/ACM-' || lpad(product_id::VARCHAR, 5, '0') END
                   AS page_url,
               device, occurred_at,
               -- the daily Airflow load picked up each day's files, until the feed broke
               {fe} - to_days(CAST(floor(datediff('second', occurred_at, {fe}) / 86400) AS INTEGER)) AS _loaded_at
        FROM src_events ORDER BY n
        """
    )
    con.unregister("src_events")


def _marketing_spend(con, clock: StackClock, rng: np.random.Generator) -> None:
    """Daily spend per channel, pulled weekly from the ad platforms by a dlt pipeline."""
    channels = ["google_ads", "meta_ads", "tiktok_ads", "emailing", "affiliation"]
    base = np.array([1800.0, 1100.0, 350.0, 120.0, 400.0])
    days = np.arange(np.datetime64(clock.history_start, "D"), np.datetime64(clock.day(1), "D") + 1)
    d = np.repeat(days, len(channels))
    c = np.tile(np.arange(len(channels)), len(days))
    spend = np.round(base[c] * rng.lognormal(0, 0.25, len(d)), 2)
    cpm = np.array([9.0, 6.5, 4.0, 0.4, 12.0])[c]
    impressions = np.round(spend / cpm * 1000).astype(np.int64)
    clicks = np.round(impressions * rng.uniform(0.006, 0.03, len(d))).astype(np.int64)
    tbl = pa.table(
        {
            "spend_date": pa.array(d, pa.date32()),
            "channel": _dict_strings(c, channels),
            "spend_eur": spend,
            "impressions": impressions,
            "clicks": clicks,
        }
    )
    con.register("src_spend", tbl)
    # the dlt pipeline runs on Mondays at 05:00 and loads the week up to the Sunday before
    con.execute(
        f"""
        CREATE TABLE raw.marketing_spend AS
        WITH loaded AS (
            SELECT *, date_trunc('week', spend_date) + INTERVAL 7 DAY + INTERVAL 5 HOUR AS load_at
            FROM src_spend
        )
        SELECT spend_date, channel, 'acme_' || channel || '_' || strftime(spend_date, '%Y%m') AS campaign,
               CAST(spend_eur AS DECIMAL(12,2)) AS spend_eur, impressions, clicks,
               epoch(load_at)::BIGINT::VARCHAR || '.' || lpad((epoch(load_at)::BIGINT % 999983)::VARCHAR, 6, '0')
                   AS _dlt_load_id,
               substr(to_base64(unhex(md5(spend_date::VARCHAR || channel))), 1, 14) AS _dlt_id
        FROM loaded
        WHERE load_at <= TIMESTAMP '{clock.as_of:%Y-%m-%d %H:%M:%S}'
        ORDER BY spend_date, channel
        """
    )
    con.unregister("src_spend")
