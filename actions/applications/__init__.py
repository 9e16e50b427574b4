"""The application log: logging, planning, results, corrections and the overview ("werkmap")."""
