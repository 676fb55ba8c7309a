"""The GraphQL API agencies call: identity, channels and purposes, audit before disclosure."""
