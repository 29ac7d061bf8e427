"""The Lead API contract in machine-readable form: schema, codes, rules, personas.

Every other layer (simulator, client, strategies, suites, load) reads the
contract from here and nowhere else.
"""
