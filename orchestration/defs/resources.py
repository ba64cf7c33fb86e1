"""The scanner's one resource: where stores live, which client file a partition means."""

from datetime import datetime

import dagster as dg

from connectors.config import ClientConfig, load_client
from connectors.store import EvidenceStore
from orchestration import clients as client_files
from orchestration import settings
from orchestration.scan_steps import parse_as_of


class ScannerResource(dg.ConfigurableResource):
    """Settings of a scan run. Every field is optional: the defaults serve ``dagster dev``.

    ``client_file`` pins a run to one file (the CLI's ``maturity scan FILE``); otherwise
    the partition key is looked up among the client files under ``client_dirs``.
    """

    data_dir: str | None = None
    client_dirs: str | None = None
    client_file: str | None = None
    as_of: str | None = None  # the scan clock (ISO 8601); tests and replays fix it
    language: str | None = None  # overrides the client file's report language
    rubric_path: str | None = None

    def client(self, partition_key: str) -> ClientConfig:
        if self.client_file:
            cfg = load_client(self.client_file)
            if cfg.client != partition_key:
                raise ValueError(f"{self.client_file} declares client '{cfg.client}', not '{partition_key}'")
            return cfg
        return client_files.find(partition_key, settings.client_dirs(self.client_dirs))

    def store(self, client: str) -> EvidenceStore:
        return EvidenceStore(settings.evidence_db_path(client, settings.data_dir(self.data_dir)))

    def scan_clock(self) -> datetime | None:
        return parse_as_of(self.as_of)

    def reports_dir(self, client: str, scan_id: str):
        return settings.reports_dir(client, scan_id, settings.data_dir(self.data_dir))
