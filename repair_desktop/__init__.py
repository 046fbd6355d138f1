"""Repair Desktop: appointments, technician workload and callbacks for an auto repair shop."""

__version__ = "0.1.0"
