"""Language knowledge shared by every part of duizhao: scripts, quantities, dates, names."""
