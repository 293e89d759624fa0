"""The workflow: a submission moved from status to status (submitted, in_review,
returned, recommended, rejected) by the roles that may, a recommendation issuing its
letter; and the audit trail of a submission, as CSV and through the API."""
