"""Collects every zh-CN feature under ``features/`` as pytest scenarios."""

from pytest_bdd import scenarios

scenarios(".")
