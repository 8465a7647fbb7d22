"""Use cases and business rules. They return plain views and raise the errors in `errors`."""
