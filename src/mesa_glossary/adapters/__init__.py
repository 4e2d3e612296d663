"""Adapters between the glossary and the site engines that build it."""
