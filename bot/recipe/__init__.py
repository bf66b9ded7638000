"""Recipes: the Playwright steps that file one item on its portal, written as YAML by maintainers."""
