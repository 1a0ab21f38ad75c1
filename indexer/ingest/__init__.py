"""Reading a file into a record: extraction, redaction, certificates, associations, profiles."""
