"""The ``maturity`` command (SPEC 5.1). Heavy imports happen inside each command so that
``maturity lineage`` starts in a fraction of a second and ``--help`` never loads Dagster.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Data-maturity scanner.")
demo_app = typer.Typer(help="The bundled demo client (Acme Retail).", invoke_without_command=True)
app.add_typer(demo_app, name="demo")

console = Console(stderr=True)
out = Console()

_STEPS = ("scan", "warehouse", "dbt", "openlineage", "gx", "query_logs", "evidence", "scoring", "report")
_STEP_LABELS = {
    "scan": "open scan",
    "warehouse": "crawl warehouse",
    "dbt": "crawl dbt artifacts",
    "openlineage": "crawl OpenLineage",
    "gx": "crawl GX results",
    "query_logs": "crawl query logs",
    "evidence": "build evidence model (dbt)",
    "scoring": "score",
    "report": "write report",
}
_DONE = {"ok", "partial", "failed", "skipped", "done"}


def _quiet_env() -> None:
    """No telemetry from any tool, whatever the user's shell says."""
    os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "False")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("DAGSTER_DISABLE_TELEMETRY", "1")
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    os.environ["PATH"] = str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")


def _scan_with_progress(client_file: Path, **kwargs):
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from orchestration import progress as progress_channel
    from orchestration.run_scan import run_scan

    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description:<34}"),
        BarColumn(),
        TextColumn("{task.fields[status]}"),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    ) as bars:
        tasks = {s: bars.add_task(_STEP_LABELS[s], total=1, status="", start=False) for s in _STEPS}

        started: set[str] = set()

        def sink(step: str, message: str) -> None:
            key = step if step in tasks else "scan"
            if key not in started:
                started.add(key)
                bars.start_task(tasks[key])
            finished = message in _DONE or key == "scan" or (key == "report" and message.endswith(".html"))
            bars.update(tasks[key], status=message[:60], completed=1 if finished else 0)

        with progress_channel.installed(sink):
            return run_scan(client_file, **kwargs)


def _print_config_error(err) -> None:
    """File and problems on lines of their own, never wrapped inside a path or a field name."""
    console.print(f"[red]invalid file[/red] {err.path}", soft_wrap=True)
    for problem in err.problems:
        console.print(f"  - {problem}", soft_wrap=True, markup=False)


def _print_summary(result: dict, elapsed: float) -> None:
    score = result["score"]
    rng = f"  range {score['min']}-{score['max']}" if score["min"] != score["max"] else ""
    out.print(f"[bold]{result['name']}[/bold] ({result['client']})  scan {result['scan_id']}")
    out.print(f"score {score['total']}/30{rng}  band {score['band']}  maturity {score['percent']} %")
    contradictions = [q["id"] for q in result["questions"] if q.get("contradiction")]
    if contradictions:
        out.print(f"contradictions between evidence and survey: {', '.join(contradictions)}")
    if result.get("partial"):
        out.print(f"[yellow]partial scan: {len(result['errors'])} problem(s)[/yellow]")
        for err in result["errors"][:20]:
            out.print(f"  - {err['source']}: {err['object']}: {err['message']}")
        if len(result["errors"]) > 20:
            out.print(f"  ... and {len(result['errors']) - 20} more (see the report)")
    if result.get("report"):
        out.print(f"report: {result['report']}")
    out.print(f"done in {elapsed:.1f} s")


@app.command()
def scan(
    client_file: Annotated[Path, typer.Argument(help="The client file (YAML, SPEC 5.2).")],
    json_out: Annotated[Path | None, typer.Option("--json", help="Also write the result JSON here.")] = None,
    lang: Annotated[str | None, typer.Option("--lang", help="Report language: fr or en.")] = None,
    as_of: Annotated[str | None, typer.Option(help="Scan clock (ISO 8601); default now.")] = None,
    data_dir: Annotated[Path | None, typer.Option(help="Where evidence stores and reports go.")] = None,
    rubric: Annotated[Path | None, typer.Option(help="A tuned rubric file.")] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show Dagster's logs.")] = False,
) -> None:
    """Full scan of one client: crawl, build the evidence model, score, write the report."""
    _quiet_env()
    from connectors.config import ConfigError, load_client

    if lang is not None and lang not in ("fr", "en"):
        console.print("[red]--lang must be fr or en[/red]")
        raise typer.Exit(2)
    try:
        load_client(client_file)  # before any progress bar: a bad file is reported alone
    except ConfigError as err:
        _print_config_error(err)
        raise typer.Exit(2) from None
    started = time.perf_counter()
    try:
        outcome = _scan_with_progress(
            client_file,
            lang=lang,
            as_of=as_of,
            data_dir=str(data_dir) if data_dir else None,
            rubric_path=str(rubric) if rubric else None,
            verbose=verbose,
        )
    except ConfigError as err:  # the rubric, or the client file changed meanwhile
        _print_config_error(err)
        raise typer.Exit(2) from None
    for message in outcome.failure_messages:
        console.print(f"[red]step failed[/red] {message}")
    if outcome.result is None:
        console.print("[red]nothing could be scored[/red]")
        raise typer.Exit(1)
    result = outcome.result
    if json_out:
        json_out.parent.mkdir(parents=True, exist_ok=True)
        json_out.write_text(
            json.dumps(result, indent=2, ensure_ascii=False, sort_keys=True, default=str), encoding="utf-8"
        )
    _print_summary(result, time.perf_counter() - started)


@app.command()
def lineage(
    file: Annotated[str, typer.Argument(help="SQL file, or - for stdin.")] = "-",
    dialect: Annotated[str, typer.Option(help="SQL dialect (duckdb, postgres, snowflake, ...).")] = "duckdb",
    jsonl: Annotated[
        bool, typer.Option("--jsonl", help="Input lines are {id, sql, dialect?} objects.")
    ] = False,
) -> None:
    """SQL lineage (sources, targets, column lineage) of the statements in FILE as JSON."""
    from connectors.sql_lineage import run_lineage_cli

    if file == "-":
        text = sys.stdin.read()
    else:
        try:
            text = Path(file).read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            console.print(f"[red]cannot read {file}: {exc.strerror}[/red]")
            raise typer.Exit(2) from None
    for line in run_lineage_cli(text, dialect, jsonl):
        sys.stdout.write(line + "\n")


@app.command()
def collect(
    client_file: Annotated[Path, typer.Argument(help="The client file (YAML, SPEC 5.2).")],
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 5000,
    token_env: Annotated[
        str | None, typer.Option(help="Name of an env var holding the bearer token clients must send.")
    ] = None,
    max_request_mb: Annotated[float, typer.Option(help="Largest request body accepted, in MB.")] = 5.0,
    data_dir: Annotated[Path | None, typer.Option(help="Where evidence stores go.")] = None,
) -> None:
    """OpenLineage collector for one client (POST /api/v1/lineage); accepted events join its next scan."""
    from connectors.config import ConfigError, load_client
    from connectors.openlineage.collector import serve
    from orchestration import settings

    try:
        cfg = load_client(client_file)
    except ConfigError as err:
        _print_config_error(err)
        raise typer.Exit(2) from None
    token = None
    if token_env:
        token = os.environ.get(token_env)
        if not token:
            console.print(f"[red]environment variable {token_env} is not set[/red]")
            raise typer.Exit(2)
    inbox = settings.collector_inbox(cfg.client, settings.data_dir(data_dir))
    serve(cfg, inbox, host=host, port=port, token=token, max_request_bytes=int(max_request_mb * 1024 * 1024))


@app.command()
def survey(
    client_file: Annotated[Path, typer.Argument(help="The client file (YAML, SPEC 5.2).")],
    lang: Annotated[
        str | None, typer.Option("--lang", help="fr or en (default: the client's language).")
    ] = None,
    out: Annotated[
        Path | None, typer.Option(help="Answers file to write (default: the client's survey file).")
    ] = None,
    data_dir: Annotated[Path | None, typer.Option(help="Where evidence stores go.")] = None,
) -> None:
    """Interactive questionnaire: shows what the evidence says, asks only what it cannot answer."""
    from orchestration.survey_command import run_survey

    raise typer.Exit(run_survey(client_file, lang=lang, out=out, data_dir=data_dir))


@demo_app.callback()
def demo(
    ctx: typer.Context,
    lang: Annotated[str | None, typer.Option("--lang", help="Report language: fr or en.")] = None,
) -> None:
    """Build the Acme demo stack and scan it (``maturity demo build`` only builds)."""
    if ctx.invoked_subcommand is not None:
        return
    client_file = _build_demo(None, None)
    scan(
        client_file,
        json_out=client_file.parent / "stack" / "result.json",
        lang=lang,
        as_of=None,
        data_dir=None,
        rubric=None,
        verbose=False,
    )


def _build_demo(as_of: str | None, seed: int | None) -> Path:
    _quiet_env()
    from demo.acme import build
    from orchestration.scan_steps import parse_as_of

    started = time.perf_counter()
    with console.status("building the Acme demo stack (warehouse, dbt run, OpenLineage, GX, query log)"):
        kwargs = {"as_of": parse_as_of(as_of)}
        if seed is not None:
            kwargs["seed"] = seed
        client_file = build(**kwargs)
    console.print(f"demo stack built in {time.perf_counter() - started:.1f} s: {client_file}")
    return Path(client_file)


@demo_app.command("build")
def demo_build(
    as_of: Annotated[str | None, typer.Option(help="The stack's clock (ISO 8601); default now.")] = None,
    seed: Annotated[int | None, typer.Option(help="Random seed.")] = None,
    size: Annotated[
        str | None,
        typer.Option(help="Build the large synthetic client instead: small, medium or large (demo/large)."),
    ] = None,
    out_dir: Annotated[Path | None, typer.Option("--out", help="--size: stack folder.")] = None,
    relations: Annotated[int | None, typer.Option(help="--size: tables and views.")] = None,
    columns: Annotated[int | None, typer.Option(help="--size: columns across all relations.")] = None,
    schemas: Annotated[int | None, typer.Option(help="--size: schemas.")] = None,
    models: Annotated[int | None, typer.Option(help="--size: dbt models.")] = None,
    query_rows: Annotated[int | None, typer.Option(help="--size: query-log rows.")] = None,
    distinct_queries: Annotated[int | None, typer.Option(help="--size: distinct query texts.")] = None,
    openlineage_events: Annotated[int | None, typer.Option(help="--size: OpenLineage events.")] = None,
    gx_results: Annotated[int | None, typer.Option(help="--size: GX expectation results.")] = None,
) -> None:
    """Build (or rebuild) the Acme demo stack (or, with --size, the large client) and print its client file."""
    if size is None:
        out.print(str(_build_demo(as_of, seed)))
        return
    from demo.large import PRESETS, build_large
    from orchestration.scan_steps import parse_as_of

    if size not in PRESETS:
        console.print(f"[red]--size must be one of {', '.join(sorted(PRESETS))}[/red]")
        raise typer.Exit(2)
    given = {
        "relations": relations,
        "columns": columns,
        "schemas": schemas,
        "models": models,
        "query_rows": query_rows,
        "distinct_queries": distinct_queries,
        "openlineage_events": openlineage_events,
        "gx_results": gx_results,
    }
    sizes = PRESETS[size].scaled(**{k: v for k, v in given.items() if v is not None})
    started = time.perf_counter()
    with console.status(f"building the {size} synthetic client"):
        kwargs = {"size": size, "sizes": sizes, "as_of": parse_as_of(as_of)}
        if seed is not None:
            kwargs["seed"] = seed
        client_file = build_large(out_dir, **kwargs)
    console.print(f"{size} client built in {time.perf_counter() - started:.1f} s")
    out.print(str(client_file))


if __name__ == "__main__":
    app()
