"""The client and auth packages export what the other layers build against."""

from __future__ import annotations

import inspect

import pytest

import leadharness.auth
import leadharness.client


@pytest.mark.parametrize("package", [leadharness.auth, leadharness.client])
def test_every_exported_name_exists(package):
    missing = [name for name in package.__all__ if not hasattr(package, name)]
    assert missing == []


def test_the_interface_in_the_brief_is_exported():
    assert {
        "LeadClient",
        "AsyncLeadClient",
        "Lead",
        "SubmitResult",
        "GraphQLResponse",
    } <= set(leadharness.client.__all__)
    assert "TokenProvider" in leadharness.auth.__all__


@pytest.mark.parametrize(
    "method",
    ["create_lead", "get_lead_status", "submit_lead", "wait_until_settled", "execute"],
)
def test_sync_and_async_clients_have_the_same_surface(method):
    sync = inspect.signature(getattr(leadharness.client.LeadClient, method))
    async_ = getattr(leadharness.client.AsyncLeadClient, method)
    assert inspect.iscoroutinefunction(async_)
    assert inspect.signature(async_).parameters.keys() == sync.parameters.keys()
