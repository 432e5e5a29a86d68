"""Thin views: resolve the plan for the person, check the role, call one service."""
