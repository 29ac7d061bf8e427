"""The Kubernetes manifests describe one master and N workers that find it."""

from __future__ import annotations

from pathlib import Path

import yaml

K8S = Path(__file__).resolve().parents[2] / "load" / "k8s"


def _documents(name: str) -> dict[str, dict]:
    return {
        d["kind"]: d
        for d in yaml.safe_load_all((K8S / name).read_text(encoding="utf-8"))
    }


def test_the_workers_reach_the_masters_service_and_match_the_generator_count() -> None:
    master = _documents("master.yaml")
    worker = _documents("worker.yaml")["Job"]
    config = _documents("configmap.yaml")["ConfigMap"]["data"]

    service = master["Service"]["metadata"]["name"]
    command = worker["spec"]["template"]["spec"]["containers"][0]["command"]
    assert (
        "--worker" in command and command[command.index("--master-host") + 1] == service
    )
    assert worker["spec"]["parallelism"] == int(config["LEAD_LOAD_USERS"])
    master_args = master["Job"]["spec"]["template"]["spec"]["containers"][0]["args"][0]
    assert "--master" in master_args and "--expect-workers" in master_args
    assert "--run-time" in master_args and "load/locustfile.py" in master_args


def test_credentials_come_from_a_secret_never_the_config_map() -> None:
    config = _documents("configmap.yaml")["ConfigMap"]["data"]
    assert not any("SECRET" in key for key in config)
    for name in ("master.yaml", "worker.yaml"):
        pod = _documents(name)["Job"]["spec"]["template"]["spec"]["containers"][0]
        assert {"secretRef": {"name": "leadharness-credentials"}} in pod["envFrom"]


def test_every_job_has_a_time_bound() -> None:
    for name in ("master.yaml", "worker.yaml"):
        assert _documents(name)["Job"]["spec"]["activeDeadlineSeconds"] > 0
