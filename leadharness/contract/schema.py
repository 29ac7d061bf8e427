"""The project's GraphQL schema, loaded once from ``schema.graphql``."""

from __future__ import annotations

from functools import cache
from importlib import resources

from graphql import GraphQLSchema, build_schema

__all__ = ["SCHEMA_SDL", "lead_schema"]

SCHEMA_SDL = (resources.files("leadharness.contract") / "schema.graphql").read_text(
    "utf-8"
)


@cache
def lead_schema() -> GraphQLSchema:
    """The built schema; shared, so build it only once per process."""
    return build_schema(SCHEMA_SDL)
