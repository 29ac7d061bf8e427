"""Personal values come only from never-issued or reserved blocks, and never repeat."""

from __future__ import annotations

import json
import multiprocessing
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings

from strategies import synthetic

REPO = Path(__file__).resolve().parents[2]


# Test ids describe the value, never show it: an SSN-shaped id is still one.
SSN_CASES = {
    "area 900 group 02": ("900021234", True),
    "area 999 group 49": ("999491234", True),
    "area 666": ("666011234", True),
    "persona block 900-01": ("900011013", True),
    "issued area 123": ("123456789", False),
    "issued area 899": ("899451234", False),
    "ITIN group 50": ("900501234", False),
    "ITIN group 88": ("970881234", False),
    "group 00": ("900001234", False),
    "serial 0000": ("900450000", False),
    "8 digits": ("90045123", False),
    "fullwidth digits": ("９００４５１２３４", False),
}


@pytest.mark.parametrize(
    ("ssn", "synthetic_block"), SSN_CASES.values(), ids=SSN_CASES.keys()
)
def test_the_synthetic_ssn_check_knows_the_issued_and_itin_blocks(ssn, synthetic_block):
    assert synthetic.is_synthetic_ssn(ssn) is synthetic_block


@settings(max_examples=300, database=None)
@given(synthetic.ssns())
def test_generated_ssns_are_never_issued_and_never_a_persona(ssn):
    # Bools only: a failing assert must not print the SSN.
    never_issued, persona_block = (
        synthetic.is_synthetic_ssn(ssn),
        ssn.startswith("90001"),
    )
    assert never_issued and not persona_block


def test_the_phone_walk_visits_every_fictional_number_once():
    space = len(synthetic.FICTIONAL_AREA_CODES) * 100
    phones = {
        synthetic.phone_at(17 + n * synthetic._PHONE_STRIDE) for n in range(space)
    }
    assert len(phones) == space == 70_500
    assert all(synthetic.is_fictional_phone(p) for p in phones)
    assert {p[3:8] for p in phones} == {"55501"}


PHONE_CASES = {
    "212-555-0142": ("2125550142", True),
    "toll-free area": ("8005550142", False),
    "N11 area": ("2115550142", False),
    "line 0242": ("2125550242", False),
    "line 1234": ("2125551234", False),
    "9 digits": ("212555014", False),
    "fullwidth digits": ("２１２５５５０１４２", False),
}


@pytest.mark.parametrize(
    ("phone", "fictional"), PHONE_CASES.values(), ids=PHONE_CASES.keys()
)
def test_the_fictional_phone_check(phone, fictional):
    assert synthetic.is_fictional_phone(phone) is fictional


@settings(max_examples=300, database=None)
@given(synthetic.client_ips())
def test_client_ips_come_from_documentation_networks(ip):
    assert synthetic.is_documentation_ip(ip)


def test_the_documentation_ip_check():
    assert synthetic.is_documentation_ip("198.51.100.7")
    assert synthetic.is_documentation_ip("2001:db8::1")
    assert not synthetic.is_documentation_ip("107.77.220.32")
    assert not synthetic.is_documentation_ip("not an ip")


def test_tags_carry_run_token_pid_and_counter():
    first, second = synthetic.unique_tag(), synthetic.unique_tag()
    token, pid, _ = first.split("-")
    assert token == synthetic.run_token() and len(token) == 6
    assert int(pid, 36) == os.getpid()
    assert first != second


def test_an_email_stays_within_the_local_part_limit():
    email = synthetic.email_address("x" * 80, "example.com", synthetic.unique_tag())
    assert len(email.split("@")[0]) <= 64


def _child_tags(queue):
    queue.put((synthetic.run_token(), [synthetic.unique_tag() for _ in range(3)]))


def test_a_forked_worker_gets_a_fresh_run_token():
    parent = [synthetic.unique_tag() for _ in range(3)]
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=_child_tags, args=(queue,))
    child.start()
    token, tags = queue.get(timeout=30)
    child.join(timeout=30)
    assert token != synthetic.run_token()
    assert not set(tags) & set(parent)


PRINT_EMAILS = (
    "import json; from strategies import LeadFactory; f = LeadFactory(seed=1); "
    "print(json.dumps([f.lead()['email'] for _ in range(300)]))"
)


def test_parallel_runs_with_the_same_seed_never_share_an_email():
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", PRINT_EMAILS],
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [json.loads(run.communicate(timeout=60)[0]) for run in runs]
    assert len(set(outputs[0])) == 300
    assert not set(outputs[0]) & set(outputs[1])
