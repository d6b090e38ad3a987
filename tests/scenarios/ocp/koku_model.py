"""An independent model of the OCP scenarios: what koku-nise writes and what Koku's Trino SQL makes of it.

Used by every tests/scenarios/ocp/NN_name/calc.py to produce expected.csv. It never imports or runs costagg;
it re-derives the rows from the scenario's own nise.yml and scenario.yml in three plain steps:

  1. nise      -- the hourly CSV rows koku-nise 5.4.4 writes for a static OCP yaml
                  (nise/generators/ocp/ocp_generator.py, nise/report.py, nise/__main__.py). Every value nise would
                  draw at random is refused (NotDeterministic) unless the scenario declares it negligible.
  2. ingest    -- Koku's CSV -> parquet conversion (ocp.md §1.1-1.5): NA spellings, HTML escaping of names,
                  label strings -> JSON objects, effective usage per hourly row, the daily group-by.
  3. summarize -- Koku's Trino summary SQL (ocp.md §3; koku@768be825:
                  koku/masu/database/trino_sql/openshift/reporting_ocpusagelineitem_daily_summary.sql), including
                  the node table of §3.1 that feeds the unallocated rows, the start-date trimming of §3.0 and the
                  delete-then-insert of each run. Where Trino and PostgreSQL differ, this follows Trino.

Plain Python (3.9+) and PyYAML only. Floats are combined in the same order as the SQL wherever that is cheap;
the runner compares with a 1e-9 relative tolerance anyway.
"""

import calendar
import copy
import datetime as dt
import html
import json
import math
import os
import re
import sys
from collections import OrderedDict, defaultdict

import yaml

GIGABYTE = 1024 * 1024 * 1024
HOUR = 3600
UTC = dt.timezone.utc
DEFAULT_SOURCE_UUID = "6795d5e6-951c-4382-a8d3-390515d7ec3d"

# The columns of expected.csv, in order. `cost_category` is the category NAME (joined by the runner).
COLUMNS = [
    "cluster_id", "data_source", "usage_start", "namespace", "node", "resource_id",
    "pod_labels", "volume_labels", "all_labels",
    "persistentvolumeclaim", "persistentvolume", "storageclass", "cost_category",
    "pod_usage_cpu_core_hours", "pod_request_cpu_core_hours", "pod_effective_usage_cpu_core_hours",
    "pod_limit_cpu_core_hours",
    "pod_usage_memory_gigabyte_hours", "pod_request_memory_gigabyte_hours",
    "pod_effective_usage_memory_gigabyte_hours", "pod_limit_memory_gigabyte_hours",
    "node_capacity_cpu_cores", "node_capacity_cpu_core_hours",
    "node_capacity_memory_gigabytes", "node_capacity_memory_gigabyte_hours",
    "cluster_capacity_cpu_core_hours", "cluster_capacity_memory_gigabyte_hours",
    "persistentvolumeclaim_capacity_gigabyte", "persistentvolumeclaim_capacity_gigabyte_months",
    "volume_request_storage_gigabyte_months", "persistentvolumeclaim_usage_gigabyte_months",
    "infrastructure_usage_cost",
]
JSON_COLUMNS = {"pod_labels", "volume_labels", "all_labels", "infrastructure_usage_cost"}
ZERO_COST = {"cpu": 0.0, "memory": 0.0, "storage": 0.0}


class NotDeterministic(Exception):
    """The nise yaml leaves a value to nise's random generator."""


# ---------------------------------------------------------------------------------------------------------------
# 1. nise: the hourly rows of a static OCP yaml
# ---------------------------------------------------------------------------------------------------------------

def _as_datetime(value, what):
    # nise/__main__.py calculate_start_date/calculate_end_date accept YAML dates and timestamps (naive = UTC).
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=UTC)
    raise NotDeterministic(f"{what} must be a YAML date or timestamp, got {value!r}")


def _add_month(value):
    year, month = (value.year + 1, 1) if value.month == 12 else (value.year, value.month + 1)
    return value.replace(year=year, month=month, day=min(value.day, calendar.monthrange(year, month)[1]))


def _month_list(start, end):
    # nise/report.py _create_month_list
    months = []
    current = start.replace(day=1)
    end_month_first_day = end.replace(day=1)
    while current <= end:
        last = calendar.monthrange(current.year, current.month)[1]
        month = {"start": dt.datetime(current.year, current.month, 1, tzinfo=UTC),
                 "end": dt.datetime(current.year, current.month, last, 23, 59, tzinfo=UTC)}
        if (current.year, current.month) == (start.year, start.month):
            month["start"] = start
        if current < end_month_first_day:
            month["end"] = (month["end"] + dt.timedelta(days=1)).replace(hour=0, minute=0)
        if (current.year, current.month) == (end.year, end.month):
            month["end"] = end
        months.append(month)
        current = _add_month(current)
    return months


def _generator_dates(start, end, month):
    # nise/report.py _create_generator_dates_from_yaml
    month_start, month_end = month["start"], month["end"]
    compare = month_end if month_end.day == 1 else month_end.replace(hour=23, minute=59, second=59)
    if start < month_start and end > compare:
        return month_start, month_end
    if start < month_start and end <= compare:
        return month_start, end
    if start >= month_start and end <= compare:
        return start, end
    return start, month_end


def _hours(start, end):
    # nise/generators/generator.py _set_hours with OCP's hour_delta of 59:59
    current = start
    while current + dt.timedelta(minutes=59, seconds=59) <= end:
        yield current
        current += dt.timedelta(hours=1)


def _usage_for_date(usage, hour):
    # ocp_generator.py _get_usage_for_date: the first key that is "full_period" or equals the hour's date wins.
    for key, value in (usage or {}).items():
        if key == "full_period":
            return value
        if not isinstance(key, str):
            raise NotDeterministic(f"usage key {key!r} must be a quoted 'YYYY-MM-DD' string (nise crashes on "
                                   "YAML dates here)")
        if dt.date.fromisoformat(key) == hour.date():
            return value
    return None


def _vm_from_labels(labels):
    # ocp_generator.py get_vm_from_label: nise itself crashes on a pod label item without exactly one ':'.
    if not labels:
        return ""
    for item in labels.split("|"):
        parts = item.split(":")
        if len(parts) != 2:
            raise NotDeterministic(f"pod labels {labels!r}: nise crashes on item {item!r} (needs exactly one ':')")
        if parts[0] == "label_vm_kubevirt_io_name":
            return parts[1]
    return None


def _require(mapping, key, what):
    if key not in mapping or mapping[key] is None:
        raise NotDeterministic(f"{what}: '{key}' is not set, so nise picks it at random")
    return mapping[key]


def _ts(value):
    return value.strftime("%Y-%m-%d %H:%M:%S +0000 UTC")


def _cell(value):
    # csv.DictWriter writes None as '' and everything else with str().
    return "" if value is None else str(value)


class _Generator:
    """One OCPGenerator entry, built as OCPGenerator.__init__ does for static nodes."""

    def __init__(self, attributes, negligible_pods):
        self.nodes = []
        for item in attributes.get("nodes") or []:
            what = f"node {item.get('node_name')!r}"
            name = _require(item, "node_name", what)
            cores = _require(item, "cpu_cores", what)
            memory_gig = _require(item, "memory_gig", what)
            resource_id = _require(item, "resource_id", what)
            namespaces = item.get("namespaces", {}) or {}
            namespaces = {ns: ({} if data is None else data) for ns, data in namespaces.items()}
            if not namespaces:
                raise NotDeterministic(f"{what} has no namespaces: nise invents random namespaces and pods")
            self.nodes.append({"name": name, "cpu_cores": cores, "memory_bytes": memory_gig * GIGABYTE,
                               "resource_id": "i-" + str(resource_id), "namespaces": namespaces,
                               "node_labels": item.get("node_labels")})
        # _gen_namespaces: a namespace name belongs to the LAST node that lists it (earlier nodes lose its pods
        # and volumes, but still emit its namespace-label rows).
        self.namespaces = OrderedDict()
        for node in self.nodes:
            for ns in node["namespaces"]:
                self.namespaces[ns] = node
        self.pods = OrderedDict()
        pod_pvc = {}
        for ns, node in self.namespaces.items():
            for spec in node["namespaces"][ns].get("pods") or []:
                pod = self._pod(node, ns, spec, negligible_pods)
                self.pods[pod["pod"]] = pod
        self.volumes = []
        for ns, node in self.namespaces.items():
            for spec in node["namespaces"][ns].get("volumes", []) or []:
                self.volumes.append(self._volume(node, ns, spec, pod_pvc))
            if node["namespaces"][ns].get("virtual_machines"):
                raise NotDeterministic(f"namespace {ns!r}: virtual_machines entries get random requests, PV names "
                                       "and storage classes; label a pod with label_vm_kubevirt_io_name instead")

    @staticmethod
    def _pod(node, ns, spec, negligible_pods):
        # ocp_generator.py _gen_specific_pod
        name = _require(spec, "pod_name", f"a pod in {ns!r}")
        what = f"pod {name!r}"
        cores = node["cpu_cores"]
        memory_gig = node["memory_bytes"] / GIGABYTE
        cpu_limit = min(spec.get("cpu_limit", cores), cores)
        cpu_request = min(_require(spec, "cpu_request", what), cpu_limit)
        mem_limit_gig = min(spec.get("mem_limit_gig", memory_gig), memory_gig)
        mem_request_gig = min(_require(spec, "mem_request_gig", what), mem_limit_gig)
        cpu_usage = {k: (cpu_limit if v > cpu_limit else v) for k, v in (spec.get("cpu_usage") or {}).items()}
        mem_usage = {k: (mem_limit_gig if v > mem_limit_gig else v)
                     for k, v in (spec.get("mem_usage_gig") or {}).items()}
        pod_seconds = spec.get("pod_seconds")
        if not pod_seconds:
            raise NotDeterministic(f"{what}: pod_seconds missing or 0, nise draws randint(2, 3600)")
        _vm_from_labels(spec.get("labels", ""))
        return {"pod": name, "namespace": ns, "node": node["name"], "resource_id": node["resource_id"],
                "cpu_cores": cores, "memory_bytes": node["memory_bytes"], "cpu_limit": cpu_limit,
                "cpu_request": cpu_request, "mem_limit_gig": mem_limit_gig, "mem_request_gig": mem_request_gig,
                "cpu_usage": cpu_usage, "mem_usage_gig": mem_usage, "pod_seconds": pod_seconds,
                "labels": spec.get("labels"), "negligible": name in negligible_pods}

    @staticmethod
    def _volume(node, ns, spec, pod_pvc):
        # ocp_generator.py _gen_specific_volume
        what = f"volume in {ns!r}"
        name = _require(spec, "volume_name", what)
        what = f"volume {name!r}"
        for key in ("storage_class", "csi_driver", "csi_volume_handle"):
            _require(spec, key, what)
        request_gig = spec.get("volume_request_gig") or 100
        request = request_gig * GIGABYTE
        claims = OrderedDict()
        total = 0
        for claim in spec.get("volume_claims", []) or []:
            if request - total <= GIGABYTE:
                break  # nise silently drops claims once less than 1 GiB of the request is left
            claim_name = _require(claim, "volume_claim_name", what)
            capacity = claim.get("capacity_gig", request_gig) * GIGABYTE
            usage = {k: (capacity / GIGABYTE if v > capacity / GIGABYTE else v)
                     for k, v in (claim.get("volume_claim_usage_gig") or {}).items()}
            claims[claim_name] = {"pod": claim.get("pod_name"), "labels": claim.get("labels"),
                                  "capacity": capacity, "usage": usage}
            total += capacity
            if total > request:
                raise NotDeterministic(f"{what}: claims exceed volume_request_gig (nise raises ValueError)")
            pod_pvc[claim.get("pod_name")] = claim_name
        return {"name": name, "node": node["name"], "namespace": ns, "storage_class": spec["storage_class"],
                "csi_driver": spec["csi_driver"], "csi_volume_handle": spec["csi_volume_handle"],
                "request": request, "labels": spec.get("labels"), "claims": claims}

    def rows(self, start, end):
        """Yields (report_type, row) for every hour in [start, end), as nise writes them (all values text)."""
        bill_cache = {}
        for hour in _hours(start, end):
            hour_end = hour + dt.timedelta(minutes=59, seconds=59)
            month_key = (hour.year, hour.month)
            if month_key not in bill_cache:
                begin = hour.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
                bill_cache[month_key] = (_ts(begin), _ts(_add_month(begin)))
            common = {"report_period_start": bill_cache[month_key][0], "report_period_end": bill_cache[month_key][1],
                      "interval_start": _ts(hour), "interval_end": _ts(hour_end)}
            for pod in self.pods.values():
                yield "pod_usage", dict(common, **self._pod_hour(pod, hour))
            for volume in self.volumes:
                for row in self._volume_hour(volume, hour):
                    yield "storage_usage", dict(common, **row)
            for node in self.nodes:
                yield "node_labels", dict(common, node=_cell(node["name"]), node_labels=_cell(node["node_labels"]))
            for node in self.nodes:
                for ns, data in node["namespaces"].items():
                    yield "namespace_labels", dict(common, namespace=_cell(ns),
                                                   namespace_labels=_cell(data.get("namespace_labels")))

    @staticmethod
    def _pod_hour(pod, hour):
        # ocp_generator.py _update_pod_data
        seconds = pod["pod_seconds"]
        cpu_limit, mem_limit_gig = pod["cpu_limit"], pod["mem_limit_gig"]
        cpu_request = min(pod["cpu_request"], cpu_limit)
        mem_request_gig = min(pod["mem_request_gig"], mem_limit_gig)
        cpu_usage = _usage_for_date(pod["cpu_usage"], hour)
        mem_usage = _usage_for_date(pod["mem_usage_gig"], hour)
        if cpu_usage:
            cpu = min(cpu_limit, cpu_usage)
        elif pod["negligible"]:
            cpu = 0.0  # random in [0.02, limit] (or [limit, 0.02]); declared negligible by the scenario
        else:
            raise NotDeterministic(f"pod {pod['pod']!r}: no non-zero cpu_usage for {hour.date()} (0 counts as unset)")
        if mem_usage:
            mem = min(mem_limit_gig, mem_usage)
        elif pod["negligible"]:
            mem = 0.0
        else:
            raise NotDeterministic(f"pod {pod['pod']!r}: no non-zero mem_usage_gig for {hour.date()}")
        cores, memory_bytes = pod["cpu_cores"], pod["memory_bytes"]
        return {
            "pod": _cell(pod["pod"]), "namespace": _cell(pod["namespace"]), "node": _cell(pod["node"]),
            "resource_id": _cell(pod["resource_id"]),
            "pod_usage_cpu_core_seconds": _cell(seconds * cpu),
            "pod_request_cpu_core_seconds": _cell(seconds * cpu_request),
            "pod_limit_cpu_core_seconds": _cell(seconds * cpu_limit),
            "pod_usage_memory_byte_seconds": _cell(seconds * mem * GIGABYTE),
            "pod_request_memory_byte_seconds": _cell(seconds * mem_request_gig * GIGABYTE),
            "pod_limit_memory_byte_seconds": _cell(seconds * mem_limit_gig * GIGABYTE),
            "node_capacity_cpu_cores": _cell(cores), "node_capacity_cpu_core_seconds": _cell(cores * HOUR),
            "node_capacity_memory_bytes": _cell(memory_bytes),
            "node_capacity_memory_byte_seconds": _cell(memory_bytes * HOUR),
            "pod_labels": _cell(pod["labels"]),
        }

    @staticmethod
    def _volume_hour(volume, hour):
        # ocp_generator.py _gen_hourly_storage_usage and _update_storage_data
        base = {"persistentvolume": _cell(volume["name"]), "storageclass": _cell(volume["storage_class"]),
                "csi_driver": _cell(volume["csi_driver"]), "csi_volume_handle": _cell(volume["csi_volume_handle"]),
                "persistentvolume_labels": _cell(volume["labels"])}
        for claim_name, claim in volume["claims"].items():
            request = volume["request"] * HOUR if volume["request"] > 0 else None
            capacity_gig = claim["capacity"] / GIGABYTE
            usage_gig = _usage_for_date(claim["usage"], hour)
            if usage_gig:
                usage_gig = min(usage_gig, capacity_gig)
            elif request:
                raise NotDeterministic(f"claim {claim_name!r}: no non-zero volume_claim_usage_gig for {hour.date()}")
            usage = usage_gig * GIGABYTE * HOUR if request else None
            yield dict(base, namespace=_cell(volume["namespace"]), pod=_cell(claim["pod"]),
                       node=_cell(volume["node"]), persistentvolumeclaim=_cell(claim_name),
                       persistentvolumeclaim_capacity_bytes=_cell(capacity_gig * GIGABYTE),
                       persistentvolumeclaim_capacity_byte_seconds=_cell(capacity_gig * GIGABYTE * HOUR),
                       volume_request_storage_byte_seconds=_cell(request),
                       persistentvolumeclaim_usage_byte_seconds=_cell(usage),
                       persistentvolumeclaim_labels=_cell(claim["labels"]))
        if not volume["claims"]:
            # A claimless PV: no namespace, pod, node or claim; capacity = the volume request; request and usage
            # left empty.
            capacity_gig = volume["request"] / GIGABYTE
            yield dict(base, namespace="", pod="", node="", persistentvolumeclaim="",
                       persistentvolumeclaim_capacity_bytes=_cell(capacity_gig * GIGABYTE),
                       persistentvolumeclaim_capacity_byte_seconds=_cell(capacity_gig * GIGABYTE * HOUR),
                       volume_request_storage_byte_seconds="", persistentvolumeclaim_usage_byte_seconds="",
                       persistentvolumeclaim_labels="")


def nise_rows(nise_yaml, negligible_pods=()):
    """All rows nise writes for a static yaml (already loaded), as {report_type: [row dict of text]}.

    The CLI --start-date/--end-date do not matter: with a static file every generator's own dates win and the
    months run from the earliest start to the last day of the latest end's month (nise/__main__.py
    _load_static_report_data)."""
    generators = []
    for entry in nise_yaml.get("generators") or []:
        for kind, attributes in entry.items():
            if kind != "OCPGenerator":
                raise NotDeterministic(f"unsupported generator {kind}")
            start = _as_datetime(attributes.get("start_date"), "start_date")
            end = _as_datetime(attributes.get("end_date"), "end_date")
            generators.append((start, end, attributes))
    first = min(g[0] for g in generators)
    latest = max(g[1] for g in generators)
    last_day = latest.replace(day=calendar.monthrange(latest.year, latest.month)[1], hour=0, minute=0)
    out = defaultdict(list)
    for month in _month_list(first, last_day):
        for start, end, attributes in generators:
            if end < month["start"] or start > month["end"]:
                continue
            gen_start, gen_end = _generator_dates(start, end, month)
            generator = _Generator(copy.deepcopy(attributes), set(negligible_pods))
            for report_type, row in generator.rows(gen_start, gen_end):
                out[report_type].append(row)
    return out


# ---------------------------------------------------------------------------------------------------------------
# 2. Koku's ingest: CSV text -> raw and daily tables (ocp.md §1.1-1.5)
# ---------------------------------------------------------------------------------------------------------------

# pandas' default NA spellings (kafka_msg_handler get_data_frame reads with them): such a cell becomes empty.
PANDAS_NA = {"", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN", "<NA>",
             "N/A", "NA", "NULL", "NaN", "None", "n/a", "nan", "null"}
NAME_FIELDS = {"namespace", "pod", "node", "persistentvolumeclaim", "persistentvolume", "storageclass",
               "resource_id", "csi_driver", "csi_volume_handle"}
LABEL_FIELDS = {"pod_labels", "persistentvolume_labels", "persistentvolumeclaim_labels", "node_labels",
                "namespace_labels"}
NUMERIC_FIELDS = {
    "pod_usage_cpu_core_seconds", "pod_request_cpu_core_seconds", "pod_limit_cpu_core_seconds",
    "pod_usage_memory_byte_seconds", "pod_request_memory_byte_seconds", "pod_limit_memory_byte_seconds",
    "node_capacity_cpu_cores", "node_capacity_cpu_core_seconds", "node_capacity_memory_bytes",
    "node_capacity_memory_byte_seconds", "persistentvolumeclaim_capacity_bytes",
    "persistentvolumeclaim_capacity_byte_seconds", "volume_request_storage_byte_seconds",
    "persistentvolumeclaim_usage_byte_seconds",
}
POD_SUMS = ["pod_usage_cpu_core_seconds", "pod_request_cpu_core_seconds", "pod_effective_usage_cpu_core_seconds",
            "pod_limit_cpu_core_seconds", "pod_usage_memory_byte_seconds", "pod_request_memory_byte_seconds",
            "pod_effective_usage_memory_byte_seconds", "pod_limit_memory_byte_seconds"]
STORAGE_SUMS = ["persistentvolumeclaim_capacity_byte_seconds", "volume_request_storage_byte_seconds",
                "persistentvolumeclaim_usage_byte_seconds"]


def parse_labels(text):
    """ocp_post_processor.py process_openshift_labels: split on '|', keep items with exactly one ':', drop every
    'label_' from the key, later duplicates win."""
    labels = {}
    for item in text.split("|") if text else []:
        if ":" not in item:
            continue
        parts = item.split(":")
        if len(parts) != 2:
            continue
        labels[parts[0].replace("label_", "")] = parts[1]
    return labels


def _float(text):
    try:
        return float(text)
    except ValueError:
        return 0.0


def ingest_row(row):
    """One CSV row as Koku's parquet has it: names escaped, numbers as floats (empty -> 0.0), labels as dicts."""
    out = {}
    for key, value in row.items():
        if value in PANDAS_NA:
            value = ""
        if key in NUMERIC_FIELDS:
            out[key] = _float(value)
        elif key in LABEL_FIELDS:
            out[key] = parse_labels(value)
        elif key in NAME_FIELDS:
            out[key] = html.escape(value.replace("\x00", ""), quote=True)
        elif key in ("interval_start", "interval_end", "report_period_start", "report_period_end"):
            out[key] = dt.datetime.fromisoformat(value.replace(" +0000 UTC", ""))
        else:
            out[key] = value
    if "pod_usage_cpu_core_seconds" in out:
        out["pod_effective_usage_cpu_core_seconds"] = max(out["pod_usage_cpu_core_seconds"],
                                                          out["pod_request_cpu_core_seconds"])
        out["pod_effective_usage_memory_byte_seconds"] = max(out["pod_usage_memory_byte_seconds"],
                                                             out["pod_request_memory_byte_seconds"])
    out["day"] = out["interval_start"].date()
    return out


def _labels_text(labels):
    return json.dumps(labels)  # Koku writes json.dumps defaults; the daily group-by compares this text


def _anomalous(row):
    return any(row.get(key, 0.0) > 1e18 for key in NUMERIC_FIELDS if key != "node_capacity_cpu_cores")


class SourceData:
    """One source's parquet: raw pod rows and the four daily tables, keyed by the partition month."""

    def __init__(self, csv_rows):
        self.raw_pod = []
        self.daily_pod = []
        self.daily_storage = []
        self.daily_node_labels = []
        self.daily_namespace_labels = []
        pod_groups, storage_groups, node_groups, ns_groups = OrderedDict(), OrderedDict(), OrderedDict(), OrderedDict()
        for text_row in csv_rows.get("pod_usage", []):
            row = ingest_row(text_row)
            if _anomalous(row):
                continue
            self.raw_pod.append(row)
            key = (row["namespace"], row["node"], row["pod"], _labels_text(row["pod_labels"]), row["day"])
            group = pod_groups.setdefault(key, {"namespace": row["namespace"], "node": row["node"],
                                                "pod": row["pod"], "pod_labels": row["pod_labels"],
                                                "day": row["day"], "resource_id": row["resource_id"],
                                                "node_capacity_cpu_cores": row["node_capacity_cpu_cores"],
                                                "node_capacity_memory_bytes": row["node_capacity_memory_bytes"],
                                                **{m: 0.0 for m in POD_SUMS}})
            group["resource_id"] = max(group["resource_id"], row["resource_id"])
            for m in ("node_capacity_cpu_cores", "node_capacity_memory_bytes"):
                group[m] = max(group[m], row[m])
            for m in POD_SUMS:
                group[m] += row[m]
        for text_row in csv_rows.get("storage_usage", []):
            row = ingest_row(text_row)
            if _anomalous(row):
                continue
            key = (row["namespace"], row["node"], row["pod"], row["persistentvolumeclaim"],
                   row["persistentvolume"], row["storageclass"], row["csi_driver"], row["csi_volume_handle"],
                   _labels_text(row["persistentvolume_labels"]), _labels_text(row["persistentvolumeclaim_labels"]),
                   row["day"])
            group = storage_groups.setdefault(key, dict(
                {k: row[k] for k in ("namespace", "node", "pod", "persistentvolumeclaim", "persistentvolume",
                                     "storageclass", "csi_driver", "csi_volume_handle", "persistentvolume_labels",
                                     "persistentvolumeclaim_labels", "day")},
                persistentvolumeclaim_capacity_bytes=row["persistentvolumeclaim_capacity_bytes"],
                **{m: 0.0 for m in STORAGE_SUMS}))
            group["persistentvolumeclaim_capacity_bytes"] = max(group["persistentvolumeclaim_capacity_bytes"],
                                                                row["persistentvolumeclaim_capacity_bytes"])
            for m in STORAGE_SUMS:
                group[m] += row[m]
        for text_row in csv_rows.get("node_labels", []):
            row = ingest_row(text_row)
            node_groups.setdefault((row["node"], _labels_text(row["node_labels"]), row["day"]),
                                   {"node": row["node"], "node_labels": row["node_labels"],
                                    "node_labels_text": _labels_text(row["node_labels"]), "day": row["day"]})
        for text_row in csv_rows.get("namespace_labels", []):
            row = ingest_row(text_row)
            ns_groups.setdefault((row["namespace"], _labels_text(row["namespace_labels"]), row["day"]),
                                 {"namespace": row["namespace"], "namespace_labels": row["namespace_labels"],
                                  "day": row["day"]})
        self.daily_pod = list(pod_groups.values())
        self.daily_storage = list(storage_groups.values())
        self.daily_node_labels = list(node_groups.values())
        self.daily_namespace_labels = list(ns_groups.values())


# ---------------------------------------------------------------------------------------------------------------
# 3. Koku's Trino summary (ocp.md §3), run by run, into a LIDS shared by every source of the schema
# ---------------------------------------------------------------------------------------------------------------

def like(value, pattern):
    """Trino's LIKE without an ESCAPE clause: % any string, _ any one character, case-sensitive, and no escape
    character at all -- a backslash is an ordinary character (ocp.md §3.6 and Q3 say otherwise; see README)."""
    if value is None:
        return False
    regex = "".join(".*" if c == "%" else "." if c == "_" else re.escape(c) for c in pattern)
    return re.fullmatch(regex, value, flags=re.DOTALL) is not None


def _canon(labels):
    return None if labels is None else tuple(sorted(labels.items()))


def _filter(labels, keys):
    # map_filter(..., contains(keys, k)): a NULL key list (no enabled key at all, Q7) keeps nothing.
    if labels is None:
        return None
    if keys is None:
        return {}
    return {k: v for k, v in labels.items() if k in keys}


def _merge(*parts):
    # map_concat: right wins; any NULL operand makes the result NULL (Q8; cannot happen with ingested data).
    if any(p is None for p in parts):
        return None
    merged = {}
    for p in parts:
        merged.update(p)
    return merged


def _days_in_month(day):
    return calendar.monthrange(day.year, day.month)[1]


def _max(values):
    values = [v for v in values if v is not None]
    return max(values) if values else None


def _sum(values):
    values = [v for v in values if v is not None]
    return math.fsum(values) if values else None


def _div(a, b):
    return None if a is None or b is None else a / b


def _sub(a, b):
    return None if a is None or b is None else a - b


class Schema:
    """The PostgreSQL side: enabled keys, cost categories, reporting_ocp_nodes and the LIDS rows."""

    def __init__(self, enabled_keys, categories, seeded_nodes):
        self.enabled_keys = sorted(enabled_keys)
        # (pattern, category id); category ids: Platform = 1 (seed), then the scenario's categories in order.
        self.category_names = {1: "Platform"}
        self.patterns = [(p, 1) for p in ("openshift-%", "kube-%", "Platform unallocated", "openshift")]
        for entry in categories:
            name = entry["category"]
            if name not in self.category_names.values():
                self.category_names[len(self.category_names) + 1] = name
            cid = next(i for i, n in self.category_names.items() if n == name)
            self.patterns.append((entry["pattern"], cid))
        self.nodes = [dict(n) for n in seeded_nodes]  # {node, resource_id, node_capacity_cpu_cores, node_role, cluster}
        self.lids = []  # dicts with the COLUMNS plus source, report_period

    def keys(self):
        # ['vm_kubevirt_io_name'] || array_agg(key ORDER BY key): NULL when no key is enabled (Q7, Trino).
        return None if not self.enabled_keys else ["vm_kubevirt_io_name"] + self.enabled_keys

    def categories_for(self, namespace):
        return [cid for pattern, cid in self.patterns if like(namespace, pattern)]


def summarize(schema, data, source, cluster_id, year, month, start=None, end=None):
    """One `summarize ocp` run for a source and month (ocp.md §3.0): trims the start to the first day with pod
    data, refreshes reporting_ocp_nodes, deletes the run's days from LIDS and inserts the new rows."""
    first = dt.date(year, month, 1)
    start = start or first
    end = end or dt.date(year, month, _days_in_month(first))
    in_month = lambda r: (r["day"].year, r["day"].month) == (year, month)  # noqa: E731 -- year/month partition
    pod_days = [r["day"] for r in data.daily_pod if in_month(r) and start <= r["day"] <= end]
    if pod_days and min(pod_days) > start:
        start = min(pod_days)  # Q22
    in_range = lambda r: in_month(r) and start <= r["day"] <= end  # noqa: E731
    daily_pod = [r for r in data.daily_pod if in_range(r)]
    daily_storage = [r for r in data.daily_storage if in_range(r)]
    node_label_rows = [r for r in data.daily_node_labels if in_range(r)]
    raw_pod = [r for r in data.raw_pod if in_range(r)]

    _populate_nodes(schema, daily_pod, node_label_rows, cluster_id)

    keys = schema.keys()
    node_labels = defaultdict(list)  # (day, node) -> distinct filtered label dicts (Q1)
    for r in node_label_rows:
        filtered = _filter(r["node_labels"], keys)
        if filtered not in node_labels[(r["day"], r["node"])]:
            node_labels[(r["day"], r["node"])].append(filtered)
    ns_labels = defaultdict(list)
    for r in data.daily_namespace_labels:
        if in_range(r):
            filtered = _filter(r["namespace_labels"], keys)
            if filtered not in ns_labels[(r["day"], r["namespace"])]:
                ns_labels[(r["day"], r["namespace"])].append(filtered)

    # §3.3: per hour and node the max over pod rows, summed per day; cluster = sum over nodes (Q10, Q28).
    hourly = defaultdict(lambda: [0.0, 0.0])
    seen = set()
    for r in raw_pod:
        key = (r["interval_start"], r["node"])
        cap = hourly[key]
        if key not in seen:
            seen.add(key)
            cap[0], cap[1] = r["node_capacity_cpu_core_seconds"], r["node_capacity_memory_byte_seconds"]
        else:
            cap[0] = max(cap[0], r["node_capacity_cpu_core_seconds"])
            cap[1] = max(cap[1], r["node_capacity_memory_byte_seconds"])
    node_cap = defaultdict(lambda: [[], []])
    for (interval, node), (cpu, mem) in hourly.items():
        node_cap[(interval.date(), node)][0].append(cpu)
        node_cap[(interval.date(), node)][1].append(mem)
    node_cap = {k: (math.fsum(v[0]), math.fsum(v[1])) for k, v in node_cap.items()}
    cluster_cap = defaultdict(lambda: [[], []])
    for (day, _node), (cpu, mem) in node_cap.items():
        cluster_cap[day][0].append(cpu)
        cluster_cap[day][1].append(mem)
    cluster_cap = {k: (math.fsum(v[0]), math.fsum(v[1])) for k, v in cluster_cap.items()}

    staging = _pod_rows(schema, daily_pod, keys, node_labels, ns_labels, node_cap, cluster_cap)
    staging += _storage_rows(schema, daily_storage, data.daily_pod, year, month, keys, node_labels, ns_labels)
    staging = _union(staging)
    staging += _unallocated_rows(schema, staging)

    schema.lids = [r for r in schema.lids
                   if not (r["source"] == source and r["report_period"] == (year, month)
                           and start <= r["day"] <= end)]
    for r in staging:
        r["source"], r["report_period"], r["cluster_id"] = source, (year, month), cluster_id
        pod, vol = r.get("pod_labels"), r.get("volume_labels")
        r["all_labels"] = _merge(pod or {}, vol or {})
        schema.lids.append(r)


def _populate_nodes(schema, daily_pod, node_label_rows, cluster):
    """ocp.md §3.1 (reportdb_accessor_trino.py get_nodes_query_sql; ocp_report_db_accessor.py
    populate_node_table): inner join of pod daily and node-label daily on node only."""
    labels_by_node = defaultdict(list)
    for r in node_label_rows:
        labels_by_node[r["node"]].append(r["node_labels_text"])
    groups = OrderedDict()
    for r in daily_pod:
        if r["node"] not in labels_by_node:
            continue  # Q11: a node without node-label rows is not inserted
        g = groups.setdefault((r["node"], r["resource_id"]), {"cores": [], "namespaces": set()})
        g["cores"].append(r["node_capacity_cpu_cores"])
        g["namespaces"].add(r["namespace"])
    for (node, resource_id), g in groups.items():
        if "openshift-kube-apiserver" in g["namespaces"]:
            role = "master"
        elif any('"node_role_kubernetes_io": "infra"' in text for text in labels_by_node[node]):
            role = "infra"
        else:
            role = "worker"
        cores = round(max(g["cores"]), 2)  # numeric(18,2)
        existing = next((n for n in schema.nodes if n["node"] == node and n["resource_id"] == resource_id
                         and n["node_capacity_cpu_cores"] == cores and n["cluster"] == cluster), None)
        if existing is None:
            schema.nodes.append({"node": node, "resource_id": resource_id, "node_capacity_cpu_cores": cores,
                                 "node_role": role, "cluster": cluster})
        elif not existing["node_role"]:
            existing["node_role"] = role


def _pod_rows(schema, daily_pod, keys, node_labels, ns_labels, node_cap, cluster_cap):
    """ocp.md §3.4: one row per (day, namespace, node, merged labels), summing the joined (possibly duplicated,
    Q1/Q2) daily rows."""
    groups = OrderedDict()
    for r in daily_pod:
        if r["node"] == "" or r["node"] is None:
            continue  # Q5
        day = r["day"]
        pod_filtered = _filter(r["pod_labels"], keys)
        for nl in node_labels.get((day, r["node"])) or [None]:
            for nsl in ns_labels.get((day, r["namespace"])) or [None]:
                for cid in schema.categories_for(r["namespace"]) or [None]:
                    labels = _merge(nl if nl is not None else {}, nsl if nsl is not None else {}, pod_filtered)
                    key = (day, r["namespace"], r["node"], _canon(labels))
                    g = groups.setdefault(key, {"labels": labels, "rows": [], "cids": []})
                    g["rows"].append(r)
                    g["cids"].append(cid)
    out = []
    for (day, namespace, node, _), g in groups.items():
        rows = g["rows"]
        s = {m: math.fsum(x[m] for x in rows) for m in POD_SUMS}
        nc = node_cap.get((day, node))
        cc = cluster_cap.get(day)
        out.append({
            "data_source": "Pod", "day": day, "namespace": namespace, "node": node,
            "resource_id": max(x["resource_id"] for x in rows), "pod_labels": g["labels"], "volume_labels": None,
            "persistentvolumeclaim": None, "persistentvolume": None, "storageclass": None,
            "csi_volume_handle": None, "cost_category_id": _max(g["cids"]),
            "pod_usage_cpu_core_hours": s["pod_usage_cpu_core_seconds"] / 3600.0,
            "pod_request_cpu_core_hours": s["pod_request_cpu_core_seconds"] / 3600.0,
            "pod_effective_usage_cpu_core_hours": s["pod_effective_usage_cpu_core_seconds"] / 3600.0,
            "pod_limit_cpu_core_hours": s["pod_limit_cpu_core_seconds"] / 3600.0,
            "pod_usage_memory_gigabyte_hours": s["pod_usage_memory_byte_seconds"] / 3600.0 * 2 ** -30,
            "pod_request_memory_gigabyte_hours": s["pod_request_memory_byte_seconds"] / 3600.0 * 2 ** -30,
            "pod_effective_usage_memory_gigabyte_hours":
                s["pod_effective_usage_memory_byte_seconds"] / 3600.0 * 2 ** -30,
            "pod_limit_memory_gigabyte_hours": s["pod_limit_memory_byte_seconds"] / 3600.0 * 2 ** -30,
            "node_capacity_cpu_cores": max(x["node_capacity_cpu_cores"] for x in rows),
            "node_capacity_cpu_core_hours": None if nc is None else nc[0] / 3600.0,
            "node_capacity_memory_gigabytes": max(x["node_capacity_memory_bytes"] for x in rows) * 2 ** -30,
            "node_capacity_memory_gigabyte_hours": None if nc is None else nc[1] / 3600.0 * 2 ** -30,
            "cluster_capacity_cpu_core_hours": None if cc is None else cc[0] / 3600.0,
            "cluster_capacity_memory_gigabyte_hours": None if cc is None else cc[1] / 3600.0 * 2 ** -30,
            "infrastructure_usage_cost": dict(ZERO_COST),
        })
    return out


def _storage_rows(schema, daily_storage, all_daily_pod, year, month, keys, node_labels, ns_labels):
    """ocp.md §3.5: volume -> node from the pod that mounts it (Q27), request/usage divided by the number of nodes
    mounting the PV that day (Q15); unmatched claims get NULL node and NULL request/usage (Trino)."""
    pods_by_key = defaultdict(set)
    for p in all_daily_pod:
        if (p["day"].year, p["day"].month) == (year, month):  # year/month only, not the date range (Q27)
            pods_by_key[(p["namespace"], p["pod"], p["day"])].add((p["node"], p["resource_id"]))
    volume_nodes = defaultdict(list)  # (day, pvc, pod, namespace) -> [(node, resource_id)]
    nodes_per_pv = defaultdict(set)
    seen = set()
    for s in daily_storage:
        for node, rid in sorted(pods_by_key.get((s["namespace"], s["pod"], s["day"]), ())):
            vn = (s["day"], s["persistentvolumeclaim"], s["persistentvolume"], s["pod"], s["namespace"], node, rid)
            if vn in seen:
                continue
            seen.add(vn)
            volume_nodes[(s["day"], s["persistentvolumeclaim"], s["pod"], s["namespace"])].append((node, rid))
            nodes_per_pv[(s["day"], s["persistentvolume"])].add(node)
    groups = OrderedDict()
    for s in daily_storage:
        day = s["day"]
        count = len(nodes_per_pv[(day, s["persistentvolume"])]) or None
        pv_f = _filter(s["persistentvolume_labels"], keys)
        pvc_f = _filter(s["persistentvolumeclaim_labels"], keys)
        for vn in volume_nodes.get((day, s["persistentvolumeclaim"], s["pod"], s["namespace"])) or [(None, None)]:
            node, rid = vn
            for nl in (node_labels.get((day, node)) if node is not None else None) or [None]:
                for nsl in ns_labels.get((day, s["namespace"])) or [None]:
                    for cid in schema.categories_for(s["namespace"]) or [None]:
                        labels = _merge(nl if nl is not None else {}, nsl if nsl is not None else {}, pv_f, pvc_f)
                        key = (s["namespace"], node, rid, s["persistentvolumeclaim"], s["persistentvolume"],
                               s["storageclass"], s["csi_volume_handle"], day, _canon(labels))
                        g = groups.setdefault(key, {"labels": labels, "rows": [], "counts": [], "cids": []})
                        g["rows"].append(s)
                        g["counts"].append(count)
                        g["cids"].append(cid)
    out = []
    for (namespace, node, rid, pvc, pv, sc, csi, day, _), g in groups.items():
        rows = g["rows"]
        count = _max(g["counts"])
        divisor = 86400 * _days_in_month(day)
        cap_b = max(x["persistentvolumeclaim_capacity_bytes"] for x in rows)
        cap_bs = math.fsum(x["persistentvolumeclaim_capacity_byte_seconds"] for x in rows)
        req_bs = _div(math.fsum(x["volume_request_storage_byte_seconds"] for x in rows), count)
        use_bs = _div(math.fsum(x["persistentvolumeclaim_usage_byte_seconds"] for x in rows), count)
        out.append({
            "data_source": "Storage", "day": day, "namespace": namespace, "node": node, "resource_id": rid,
            "pod_labels": None, "volume_labels": g["labels"], "persistentvolumeclaim": pvc,
            "persistentvolume": pv, "storageclass": sc, "csi_volume_handle": csi,
            "cost_category_id": _max(g["cids"]),
            "persistentvolumeclaim_capacity_gigabyte": cap_b * 2 ** -30,
            "persistentvolumeclaim_capacity_gigabyte_months": cap_bs / divisor * 2 ** -30,
            "volume_request_storage_gigabyte_months": None if req_bs is None else req_bs / divisor * 2 ** -30,
            "persistentvolumeclaim_usage_gigabyte_months": None if use_bs is None else use_bs / divisor * 2 ** -30,
            "infrastructure_usage_cost": dict(ZERO_COST),
        })
    return out


def _union(rows):
    """SQL UNION of the Pod and Storage selects (Q25): identical rows (csi_volume_handle included) collapse."""
    out, seen = [], set()
    for r in rows:
        key = json.dumps({k: (sorted(v.items()) if isinstance(v, dict) else str(v)) for k, v in r.items()},
                         sort_keys=True)
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out


UNALLOCATED_EXCLUDED = ("Platform unallocated", "Worker unallocated", "Network unattributed", "Storage unattributed")


def _unallocated_rows(schema, staging):
    """ocp.md §3.7: node capacity minus the Pod rows' sums per (node, day); the namespace comes from the max role
    of reporting_ocp_nodes over ALL clusters (Q13); one row per matching cost-category pattern (Q12)."""
    roles = defaultdict(list)
    for n in schema.nodes:
        roles[(n["node"], n["resource_id"])].append(n["node_role"])
    role_of = {k: _max(v) for k, v in roles.items()}
    groups = OrderedDict()
    for r in staging:
        if r["data_source"] != "Pod" or r["node"] is None or r["namespace"] is None:
            continue
        if r["namespace"] in UNALLOCATED_EXCLUDED:
            continue
        groups.setdefault((r["node"], r["day"]), []).append(r)
    out = []
    for (node, day), rows in groups.items():
        # LEFT JOIN on node and resource_id equality: a NULL resource_id matches nothing.
        role = _max([role_of.get((r["node"], r["resource_id"])) for r in rows if r["resource_id"] is not None])
        namespace = {"master": "Platform unallocated", "infra": "Platform unallocated",
                     "worker": "Worker unallocated"}.get(role)
        cpu_cap = _max([r["node_capacity_cpu_core_hours"] for r in rows])
        mem_cap = _max([r["node_capacity_memory_gigabyte_hours"] for r in rows])
        base = {
            "data_source": "Pod", "day": day, "namespace": namespace, "node": node,
            "resource_id": _max([r["resource_id"] for r in rows]), "pod_labels": None, "volume_labels": None,
            "persistentvolumeclaim": None, "persistentvolume": None, "storageclass": None,
            "csi_volume_handle": None, "infrastructure_usage_cost": None,
            "node_capacity_cpu_cores": _max([r["node_capacity_cpu_cores"] for r in rows]),
            "node_capacity_cpu_core_hours": cpu_cap,
            "node_capacity_memory_gigabytes": _max([r["node_capacity_memory_gigabytes"] for r in rows]),
            "node_capacity_memory_gigabyte_hours": mem_cap,
            "cluster_capacity_cpu_core_hours": _max([r["cluster_capacity_cpu_core_hours"] for r in rows]),
            "cluster_capacity_memory_gigabyte_hours":
                _max([r["cluster_capacity_memory_gigabyte_hours"] for r in rows]),
        }
        for metric, cap in (("pod_usage_cpu_core_hours", cpu_cap), ("pod_request_cpu_core_hours", cpu_cap),
                            ("pod_effective_usage_cpu_core_hours", cpu_cap),
                            ("pod_usage_memory_gigabyte_hours", mem_cap),
                            ("pod_request_memory_gigabyte_hours", mem_cap),
                            ("pod_effective_usage_memory_gigabyte_hours", mem_cap)):
            base[metric] = _sub(cap, _sum([r[metric] for r in rows]))
        for cid in schema.categories_for(namespace) or [None]:
            out.append(dict(base, cost_category_id=cid))
    return out


# ---------------------------------------------------------------------------------------------------------------
# The scenario: scenario.yml -> expected rows -> expected.csv
# ---------------------------------------------------------------------------------------------------------------

def load_scenario(folder):
    with open(os.path.join(folder, "scenario.yml"), encoding="utf-8") as f:
        spec = yaml.safe_load(f)
    sources = spec.get("sources")
    if sources is None:
        nise = spec["nise"]
        sources = [dict(nise, name="default", nise_file=nise.get("nise_file", "nise.yml"))]
    for s in sources:
        s.setdefault("source_uuid", DEFAULT_SOURCE_UUID)
        s.setdefault("nise_file", "nise.yml")
    runs = spec["summarize"]
    if isinstance(runs, dict):
        runs = [runs]
    return spec, sources, runs


def expected_rows(folder, negligible_pods=()):
    """Every LIDS row the scenario in `folder` must produce, as dicts over COLUMNS."""
    spec, sources, runs = load_scenario(folder)
    schema = Schema(spec.get("enabled_keys") or [], spec.get("cost_category_patterns") or [],
                    [{"node": n["node"], "resource_id": n.get("resource_id"),
                      "node_capacity_cpu_cores": n.get("node_capacity_cpu_cores"), "node_role": n.get("node_role"),
                      "cluster": n.get("cluster_id", "seeded-cluster")} for n in spec.get("nodes") or []])
    data = {}
    for s in sources:
        with open(os.path.join(folder, s["nise_file"]), encoding="utf-8") as f:
            data[s["name"]] = (SourceData(nise_rows(yaml.safe_load(f), negligible_pods)), s)
    for run in runs:
        source_data, s = data[run.get("source", sources[0]["name"])]
        summarize(schema, source_data, s["source_uuid"], s["cluster_id"], int(run["year"]), int(run["month"]),
                  run.get("start_date"), run.get("end_date"))
    out = []
    for r in schema.lids:
        row = {c: r.get(c) for c in COLUMNS}
        row["usage_start"] = r["day"].isoformat()
        row["cost_category"] = schema.category_names.get(r.get("cost_category_id"))
        out.append(row)
    out.sort(key=lambda r: tuple("" if r[c] is None else _text(c, r[c]) for c in COLUMNS))
    return out


def _text(column, value):
    if value is None:
        return None
    if column in JSON_COLUMNS:
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _csv_cell(text):
    """NULL -> empty cell; the empty string -> "" (quoted), so the two stay apart; quote when needed."""
    if text is None:
        return ""
    if text == "" or any(c in text for c in ',"\n\r') or text != text.strip():
        return '"' + text.replace('"', '""') + '"'
    return text


def write_csv(rows, out=None):
    out = out or sys.stdout
    out.write(",".join(COLUMNS) + "\n")
    for r in rows:
        out.write(",".join(_csv_cell(_text(c, r[c])) for c in COLUMNS) + "\n")


# ---------------------------------------------------------------------------------------------------------------
# Helpers for the hand checks in calc.py
# ---------------------------------------------------------------------------------------------------------------

def pick(rows, **where):
    """The single row whose columns equal `where` (labels given as dicts)."""
    found = [r for r in rows if all(r.get(k) == v for k, v in where.items())]
    if len(found) != 1:
        raise AssertionError(f"expected exactly one row with {where}, found {len(found)}")
    return found[0]


def check(actual, expected, what=""):
    """Asserts that a model value equals a hand-computed one (relative 1e-12)."""
    if expected is None or actual is None:
        ok = expected is None and actual is None
    else:
        ok = math.isclose(actual, expected, rel_tol=1e-12, abs_tol=1e-15)
    if not ok:
        raise AssertionError(f"{what}: model gives {actual!r}, hand calculation {expected!r}")


def main(folder, checks=None, negligible_pods=()):
    """calc.py entry point: compute, run the scenario's hand checks, print expected.csv."""
    rows = expected_rows(folder, negligible_pods)
    if checks:
        checks(rows)
    write_csv(rows)
