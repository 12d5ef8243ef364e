"""Pure policy code of the academic core: no Django imports (see ARCHITECTURE.md)."""
