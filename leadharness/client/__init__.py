"""The one way the harness talks to a Lead API: sync and async GraphQL clients.

``LeadClient`` and ``AsyncLeadClient`` send the onboarding document's own
documents, authenticate with a shared TokenProvider, retry only where a
repeat is safe (see ``policy``), and turn answers into ``Lead`` and
``SubmitResult`` or into the harness's error classes. ``execute`` sends any
document and returns the raw ``GraphQLResponse`` for suites to judge.
"""

from leadharness.client.aio import AsyncLeadClient
from leadharness.client.policy import (
    DEFAULT_TIMEOUTS,
    NO_RETRY,
    RetryPolicy,
    Safety,
    Timeouts,
)
from leadharness.client.response import GraphQLResponse, operation_data
from leadharness.client.results import Lead, SubmitResult
from leadharness.client.sync import LeadClient

__all__ = [
    "AsyncLeadClient",
    "DEFAULT_TIMEOUTS",
    "GraphQLResponse",
    "Lead",
    "LeadClient",
    "NO_RETRY",
    "RetryPolicy",
    "Safety",
    "SubmitResult",
    "Timeouts",
    "operation_data",
]
