"""The SQLite schema: version 1 and the forward migrations that follow it.

Each migration is an SQL script applied once, in order, inside the transaction that records the new
version in ``savcore_schema``; a file whose version is higher than :data:`SCHEMA_VERSION` was
written by a newer savcore and is refused. Never edit a published migration: append a new one.

Every collection is a table ``(key, <indexed columns>, doc)`` where ``doc`` is the object as JSON
(through :mod:`savcore.serialize`) and the columns are copies of the fields queries filter on;
multi-valued fields (a contract's ``unit_ids``) have a link table ``<table>__<field>(key, value)``.
Tables are rowid tables, so that iteration follows insertion order.
"""

from __future__ import annotations

__all__ = ["APPLICATION_ID", "MIGRATIONS", "SCHEMA_VERSION"]

APPLICATION_ID = 0x53415643
"""``PRAGMA application_id`` of a savcore store (the bytes ``SAVC``): a SQLite file without it
belongs to another application and is refused untouched."""

_V1 = """
CREATE TABLE savcore_schema (version INTEGER NOT NULL);
CREATE TABLE customers (key TEXT NOT NULL PRIMARY KEY, doc TEXT NOT NULL);
CREATE TABLE units (key TEXT NOT NULL PRIMARY KEY, customer_id TEXT, doc TEXT NOT NULL);
CREATE INDEX units__customer_id ON units (customer_id);
CREATE TABLE buildings (key TEXT NOT NULL PRIMARY KEY, unit_id TEXT, doc TEXT NOT NULL);
CREATE INDEX buildings__unit_id ON buildings (unit_id);
CREATE TABLE dwellings (key TEXT NOT NULL PRIMARY KEY, unit_id TEXT, building_id TEXT, doc TEXT NOT NULL);
CREATE INDEX dwellings__unit_id ON dwellings (unit_id);
CREATE INDEX dwellings__building_id ON dwellings (building_id);
CREATE TABLE appliances (key TEXT NOT NULL PRIMARY KEY, unit_id TEXT, dwelling_id TEXT, doc TEXT NOT NULL);
CREATE INDEX appliances__unit_id ON appliances (unit_id);
CREATE INDEX appliances__dwelling_id ON appliances (dwelling_id);
CREATE TABLE ranges (key TEXT NOT NULL PRIMARY KEY, doc TEXT NOT NULL);
CREATE TABLE ranges__unit_ids (key TEXT NOT NULL, value TEXT NOT NULL);
CREATE INDEX ranges__unit_ids__key ON ranges__unit_ids (key);
CREATE INDEX ranges__unit_ids__value ON ranges__unit_ids (value);
CREATE TABLE technicians (key TEXT NOT NULL PRIMARY KEY, doc TEXT NOT NULL);
CREATE TABLE price_schedules (key TEXT NOT NULL PRIMARY KEY, contract_id TEXT, doc TEXT NOT NULL);
CREATE INDEX price_schedules__contract_id ON price_schedules (contract_id);
CREATE TABLE contracts (key TEXT NOT NULL PRIMARY KEY, customer_id TEXT, doc TEXT NOT NULL);
CREATE INDEX contracts__customer_id ON contracts (customer_id);
CREATE TABLE contracts__unit_ids (key TEXT NOT NULL, value TEXT NOT NULL);
CREATE INDEX contracts__unit_ids__key ON contracts__unit_ids (key);
CREATE INDEX contracts__unit_ids__value ON contracts__unit_ids (value);
CREATE TABLE indices (key TEXT NOT NULL PRIMARY KEY, doc TEXT NOT NULL);
CREATE TABLE index_values (key TEXT NOT NULL PRIMARY KEY, index_code TEXT, doc TEXT NOT NULL);
CREATE INDEX index_values__index_code ON index_values (index_code);
CREATE TABLE interventions (key TEXT NOT NULL PRIMARY KEY, contract_id TEXT, unit_id TEXT, dwelling_id TEXT, doc TEXT NOT NULL);
CREATE INDEX interventions__contract_id ON interventions (contract_id);
CREATE INDEX interventions__unit_id ON interventions (unit_id);
CREATE INDEX interventions__dwelling_id ON interventions (dwelling_id);
CREATE TABLE attempts (key TEXT NOT NULL PRIMARY KEY, intervention_id TEXT, dwelling_id TEXT, doc TEXT NOT NULL);
CREATE INDEX attempts__intervention_id ON attempts (intervention_id);
CREATE INDEX attempts__dwelling_id ON attempts (dwelling_id);
CREATE TABLE requests (key TEXT NOT NULL PRIMARY KEY, contract_id TEXT, unit_id TEXT, doc TEXT NOT NULL);
CREATE INDEX requests__contract_id ON requests (contract_id);
CREATE INDEX requests__unit_id ON requests (unit_id);
CREATE TABLE purchase_orders (key TEXT NOT NULL PRIMARY KEY, contract_id TEXT, doc TEXT NOT NULL);
CREATE INDEX purchase_orders__contract_id ON purchase_orders (contract_id);
CREATE TABLE appointments (key TEXT NOT NULL PRIMARY KEY, unit_id TEXT, dwelling_id TEXT, intervention_id TEXT, doc TEXT NOT NULL);
CREATE INDEX appointments__unit_id ON appointments (unit_id);
CREATE INDEX appointments__dwelling_id ON appointments (dwelling_id);
CREATE INDEX appointments__intervention_id ON appointments (intervention_id);
CREATE TABLE invoices (key TEXT NOT NULL PRIMARY KEY, customer_id TEXT, contract_id TEXT, series TEXT, number TEXT, status TEXT, doc TEXT NOT NULL);
CREATE INDEX invoices__customer_id ON invoices (customer_id);
CREATE INDEX invoices__contract_id ON invoices (contract_id);
CREATE INDEX invoices__series ON invoices (series);
CREATE UNIQUE INDEX invoices__number ON invoices (number) WHERE number IS NOT NULL;
CREATE INDEX invoices__status ON invoices (status);
CREATE TABLE revisions (key TEXT NOT NULL PRIMARY KEY, subject_id TEXT, doc TEXT NOT NULL);
CREATE INDEX revisions__subject_id ON revisions (subject_id);
CREATE TABLE sequences (key TEXT NOT NULL PRIMARY KEY, doc TEXT NOT NULL);
CREATE TABLE transmissions (key TEXT NOT NULL PRIMARY KEY, invoice_id TEXT, channel TEXT, doc TEXT NOT NULL);
CREATE INDEX transmissions__invoice_id ON transmissions (invoice_id);
CREATE INDEX transmissions__channel ON transmissions (channel);
CREATE TABLE company (key TEXT NOT NULL PRIMARY KEY, doc TEXT NOT NULL);
"""

MIGRATIONS: tuple[str, ...] = (_V1,)
"""Migration scripts; ``MIGRATIONS[n - 1]`` brings a store from version ``n - 1`` to ``n``."""

SCHEMA_VERSION = len(MIGRATIONS)
"""The schema version this savcore writes."""
