"""CyberKG: a knowledge graph of cyber-security cooperation."""

__version__ = "0.1.0"
