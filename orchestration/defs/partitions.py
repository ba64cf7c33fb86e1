"""One dynamic partition per client file: a scan is a materialisation of one partition."""

import dagster as dg

clients_partitions = dg.DynamicPartitionsDefinition(name="clients")
