"""Chorus Pro adapter for savcore."""
