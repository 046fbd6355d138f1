"""The Workload tab: technicians' load, waiting jobs, charts and the PDF report."""
