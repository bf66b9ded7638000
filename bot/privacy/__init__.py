"""Personal data kept out of sight: masking, scrubbing documents, the masked log, secrets."""
