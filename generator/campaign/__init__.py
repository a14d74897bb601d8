"""presswork.toml -> plan -> render -> write: config validation, targets, the run."""
