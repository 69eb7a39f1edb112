"""sitecustomize.py here paces the seed programs and makes print() one write per line (mpbridge.scenarios.seeds puts this directory on PYTHONPATH); a package only so that it ships with mpbridge."""
