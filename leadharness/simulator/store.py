"""The simulator's leads, with duplicate detection and a memory cap.

All mutation happens under one lock, so two concurrent createLead calls with
the same phone and email see exactly one non-duplicate even when the store is
reached from several threads. Past ``max_leads`` the least recently used lead
is evicted (and forgotten by duplicate detection), so a long soak keeps memory
bounded.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections import OrderedDict
from dataclasses import dataclass

__all__ = ["LeadRecord", "LeadStore"]


@dataclass(slots=True)
class LeadRecord:
    """One lead as the simulator keeps it: no personal data, only a contact digest."""

    id: str
    partner_lead_id: str
    code: int
    bid_value: float | None
    dup_key: bytes | None
    settles_to: int | None = None
    settle_at: float | None = None
    crm_record_id: str | None = None
    crm: str | None = None

    def settle(self, now: float) -> None:
        """Move a processing lead on once its settle time has passed."""
        if self.settle_at is not None and now >= self.settle_at:
            self.code = self.settles_to if self.settles_to is not None else self.code
            self.settle_at = None
            self.settles_to = None


class LeadStore:
    """Leads by id, a (phone, email) index, and LRU eviction past a cap."""

    def __init__(self, max_leads: int) -> None:
        self._max = max_leads
        self._leads: OrderedDict[str, LeadRecord] = OrderedDict()
        self._by_contact: dict[bytes, str] = {}
        self._lock = threading.Lock()
        self.evicted = 0

    def __len__(self) -> int:
        return len(self._leads)

    @staticmethod
    def new_id() -> str:
        """A fresh lead id, unguessable and unlike any partner's leadId."""
        return str(uuid.uuid4())

    def duplicate_of(self, key: bytes) -> LeadRecord | None:
        """The stored lead with this contact key (phone and email digest), if any."""
        lead_id = self._by_contact.get(key)
        return self._leads.get(lead_id) if lead_id else None

    def add(
        self, record: LeadRecord, *, check_duplicate: bool = True
    ) -> LeadRecord | None:
        """Store ``record``, or return the lead it duplicates without storing it.

        The check and the insert happen under one lock: this is what makes
        concurrent duplicates safe.
        """
        with self._lock:
            key = record.dup_key
            if check_duplicate and key is not None:
                existing = self.duplicate_of(key)
                if existing is not None:
                    return existing
            self._leads[record.id] = record
            if key is not None and key not in self._by_contact:
                self._by_contact[key] = record.id
            while len(self._leads) > self._max:
                self._evict_oldest()
        return None

    def add_unchecked(self, record: LeadRecord) -> None:
        """Store a lead that is itself a duplicate (it owns no index entry)."""
        with self._lock:
            self._leads[record.id] = record
            while len(self._leads) > self._max:
                self._evict_oldest()

    def get(self, lead_id: str) -> LeadRecord | None:
        """The lead, settled as of now, and marked recently used; None if unknown."""
        with self._lock:
            record = self._leads.get(lead_id)
            if record is None:
                return None
            self._leads.move_to_end(lead_id)
            record.settle(time.monotonic())
            return record

    def remove(self, lead_id: str) -> None:
        """Forget a lead (one whose createLead was refused after it was stored)."""
        with self._lock:
            record = self._leads.pop(lead_id, None)
            key = record.dup_key if record is not None else None
            if key is not None and self._by_contact.get(key) == lead_id:
                del self._by_contact[key]

    def any_other(self, lead_id: str) -> LeadRecord | None:
        """Some lead other than ``lead_id`` (for the status-other-lead defect)."""
        with self._lock:
            for other_id in reversed(self._leads):
                if other_id != lead_id:
                    return self._leads[other_id]
        return None

    def _evict_oldest(self) -> None:
        lead_id, record = self._leads.popitem(last=False)
        if (
            record.dup_key is not None
            and self._by_contact.get(record.dup_key) == lead_id
        ):
            del self._by_contact[record.dup_key]
        self.evicted += 1
