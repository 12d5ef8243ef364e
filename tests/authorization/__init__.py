"""ASVS 8.2: one authorization matrix over every URL of the portal (pages, API, admin)."""
