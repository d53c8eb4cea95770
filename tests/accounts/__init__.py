"""Tests of nohaven.accounts."""
