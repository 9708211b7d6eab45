"""The CLI's commands, one module each: ``run_<command>(...)`` owns every default and returns the exit code."""
