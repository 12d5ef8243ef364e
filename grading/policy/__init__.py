"""Pure grading policy (RULES.md GR-*, GP-*): exact-decimal functions with no Django imports."""
