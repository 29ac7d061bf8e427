"""The onboarding document's three GraphQL documents, sent verbatim.

The Postman collection names the create mutation ``TestMinimalLead``; the
harness sends exactly that text so a target that only accepts the published
documents (a persisted-query allow list, say) still answers.
"""

from __future__ import annotations

__all__ = [
    "CREATE_LEAD",
    "CREATE_LEAD_OPERATION",
    "GET_LEAD_STATUS",
    "GET_LEAD_STATUS_OPERATION",
    "SUBMIT_LEAD",
    "SUBMIT_LEAD_OPERATION",
    "EXAMPLE_LEAD",
]

CREATE_LEAD_OPERATION = "TestMinimalLead"
CREATE_LEAD = (
    "mutation TestMinimalLead($input: LeadInput!) { createLead(input: $input) "
    "{ id resultCode note partnerLeadId bidValue }}"
)

GET_LEAD_STATUS_OPERATION = "GetLeadStatus"
GET_LEAD_STATUS = (
    "query GetLeadStatus($id: ID!) { getLeadStatus(id: $id) "
    "{ id resultCode note partnerLeadId bidValue }}"
)

SUBMIT_LEAD_OPERATION = "SubmitLead"
SUBMIT_LEAD = (
    "mutation SubmitLead($input: SubmitLeadInput!) { submitLead(input: $input) "
    "{ leadId statusCode crmRecordId crm }}"
)

# The onboarding document's example variables, unchanged. Its SSN, phone and
# email are the document's placeholders, not a person's; tests send it only to
# the simulator or to a target the user chose.
EXAMPLE_LEAD: dict[str, object] = {
    "firstName": "John1-1",
    "lastName": "Test",
    "dateOfBirth": "1970-01-26",
    "email": "john.doe1-1@gmail.com",
    "homePhone": "8166999999",
    "address1": "1230 Public Lane 456",
    "city": "Dallas",
    "state": "OH",
    "zipCode": "65542",
    "socialSecurityNumber": "123456789",
    "incomeSourceId": 1,
    "residenceTypeId": 2,
    "payFrequencyId": 1,
    "monthlyIncome": 4000,
    "loanAmount": 5000,
    "loanPurposeId": 1,
    "estimatedDebt": 25000,
    "siteURL": "fake.com",
    "clientIP": "107.77.220.32",
    "affiliateAppID": "220001-7300907c-1af0-415b-a981-b7e13f718ebd",
    "leadId": "69-1060-1111",
}
