"""createLead/s of the simulator on one core, beside a plain ASGI endpoint.

Both servers run under uvicorn (httptools, uvloop, no access log) in a child
process pinned to one CPU; wrk, pinned to another, sends the load over plain
HTTP with keep-alive. Every createLead carries a fresh phone and email, so
each one is a real new lead, not the cheaper duplicate answer. All simulated
delays are off (time scale 0). The ratio to the plain endpoint says how much
of the server's budget the simulator's own work takes.

    python -m bench.bench_simulator [--seconds 5] [--connections 32]

Needs ``wrk`` on PATH (``apt-get install wrk``).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from leadharness.contract import operations as ops
from leadharness.simulator import SimulatorConfig, start_simulator

__all__ = ["main"]

_LUA = r"""
local counter = 0
local thread_tag = tostring(math.random(100000, 999999))
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. TOKEN
request = function()
  counter = counter + 1
  local phone = string.format("8162%06d", counter % 1000000)
  local body = TEMPLATE:gsub("@PHONE@", phone)
  body = body:gsub("@TAG@", thread_tag .. "." .. counter)
  return wrk.format(nil, PATH, nil, body)
end
"""

_BASELINE = """
async def app(scope, receive, send):
    more = True
    while more:
        message = await receive()
        more = message.get("more_body", False)
    await send({"type": "http.response.start", "status": 200,
                "headers": [(b"content-type", b"application/json")]})
    await send({"type": "http.response.body", "body": b'{"data":{"ok":true}}'})
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _pin(pid: int, cpu: int) -> None:
    if hasattr(os, "sched_setaffinity") and cpu < (os.cpu_count() or 1):
        os.sched_setaffinity(pid, {cpu})


def _wait_up(url: str, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            httpx.post(url, content=b"{}", timeout=1)
            return
        except httpx.TransportError:
            time.sleep(0.05)
    raise RuntimeError(f"{url} did not come up within {timeout:g} s")


def _wrk(url: str, script: Path, seconds: float, connections: int) -> dict[str, float]:
    command = [
        "wrk",
        "-t1",
        f"-c{connections}",
        f"-d{seconds:g}s",
        "-s",
        str(script),
        url,
    ]
    if shutil.which("taskset"):
        command = ["taskset", "-c", "1", *command]
    output = subprocess.run(
        command, capture_output=True, text=True, timeout=seconds + 30, check=True
    ).stdout
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    errors = re.search(r"Socket errors:.*", output)
    if rate is None:
        raise RuntimeError(f"could not read wrk's output:\n{output}")
    return {
        "rps": float(rate.group(1)),
        "non_2xx": float(bad.group(1)) if bad else 0.0,
        "socket_errors": 1.0 if errors else 0.0,
    }


def _script(directory: Path, token: str, path: str) -> Path:
    lead = dict(ops.EXAMPLE_LEAD, homePhone="@PHONE@", email="bench.@TAG@@example.com")
    template = json.dumps(
        {
            "query": ops.CREATE_LEAD,
            "variables": {"input": lead},
            "operationName": ops.CREATE_LEAD_OPERATION,
        }
    )
    lua = (
        f"TOKEN = {json.dumps(token)}\nPATH = {json.dumps(path)}\n"
        f"TEMPLATE = {json.dumps(template)}\n" + _LUA
    )
    script = directory / "create_lead.lua"
    script.write_text(lua, encoding="utf-8")
    return script


def _simulator_rate(
    fast_path: bool, directory: Path, seconds: float, connections: int
) -> dict[str, float]:
    config = SimulatorConfig(time_scale=0, fast_path=fast_path, max_leads=2_000_000)
    with start_simulator(config, subprocess=True) as sim:
        _pin_child(sim.http_base_url)
        token = _token(sim)
        script = _script(directory, token, "/graphql")
        figures = _wrk(f"{sim.http_base_url}/graphql", script, seconds, connections)
        stats = httpx.get(f"{sim.http_base_url}/healthz").json()
        # Every answered createLead must have stored a new lead (no errors).
        figures["leads"] = float(stats["leads"])
        return figures


def _pin_child(url: str) -> None:
    port = url.rsplit(":", 1)[1]
    owner = subprocess.run(
        ["ss", "-Hltnp", f"sport = :{port}"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    match = re.search(r"pid=(\d+)", owner)
    if match:
        _pin(int(match.group(1)), 0)


def _token(sim) -> str:
    response = httpx.post(
        f"{sim.login_url}/{sim.tenant_id}/oauth2/v2.0/token",
        verify=str(sim.ca_file),
        data={
            "grant_type": "client_credentials",
            "client_id": sim.client_id,
            "client_secret": sim.client_secret,
            "scope": f"api://{sim.debt_core_app_id}/.default",
        },
    )
    response.raise_for_status()
    return str(response.json()["access_token"])


def _baseline_rate(
    directory: Path, seconds: float, connections: int
) -> dict[str, float]:
    (directory / "baseline_app.py").write_text(_BASELINE, encoding="utf-8")
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "baseline_app:app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--http",
            "httptools",
            "--loop",
            "uvloop",
            "--no-access-log",
            "--log-level",
            "warning",
            "--app-dir",
            str(directory),
        ]
    )
    try:
        _pin(server.pid, 0)
        url = f"http://127.0.0.1:{port}/graphql"
        _wait_up(url)
        script = _script(directory, "unused", "/graphql")
        return _wrk(url, script, seconds, connections)
    finally:
        server.terminate()
        server.wait(10)


def main(argv: list[str] | None = None) -> dict[str, float]:
    """Measure and print createLead/s, the plain endpoint's req/s and their ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--connections", type=int, default=32)
    args = parser.parse_args(argv if argv is not None else [])
    if shutil.which("wrk") is None:
        print("bench_simulator: skipped, wrk is not on PATH (apt-get install wrk)")
        return {}
    with tempfile.TemporaryDirectory(prefix="bench-sim-") as tmp:
        directory = Path(tmp)
        baseline = _baseline_rate(directory, args.seconds, args.connections)
        fast = _simulator_rate(True, directory, args.seconds, args.connections)
        general = _simulator_rate(False, directory, args.seconds, args.connections)
    figures = {
        "plain_asgi_rps": baseline["rps"],
        "create_lead_per_s": fast["rps"],
        "create_lead_per_s_graphql_core": general["rps"],
        "ratio_to_plain": fast["rps"] / baseline["rps"],
        "non_2xx": fast["non_2xx"] + general["non_2xx"],
        "leads_per_request": fast["leads"] / max(1.0, fast["rps"] * args.seconds),
    }
    print(f"plain ASGI endpoint          {baseline['rps']:9.0f} req/s")
    print(
        f"createLead (fast path)       {fast['rps']:9.0f} /s  "
        f"({figures['ratio_to_plain']:.2f} of plain)"
    )
    print(f"createLead (graphql-core)    {general['rps']:9.0f} /s")
    print(f"non-2xx answers              {figures['non_2xx']:9.0f}")
    print(
        f"leads stored per request     {figures['leads_per_request']:9.2f}  "
        "(1.00: every request made a new lead)"
    )
    return figures


if __name__ == "__main__":
    main(sys.argv[1:])
