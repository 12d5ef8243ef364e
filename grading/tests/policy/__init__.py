"""Table and property tests of the pure grading policy: no database, no Django."""
