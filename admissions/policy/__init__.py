"""Pure admissions policy (RULES.md AD-1 … AD-18, contract §6): no Django imports, thresholds,
scales, priority orders and quotas passed in as data."""
