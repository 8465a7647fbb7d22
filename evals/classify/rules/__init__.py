"""The deterministic rules of the failure classifier: what the logs, requests, faults and trajectory show."""
