// Package ident parses the identifiers citizens type into forms — national ID, postal code,
// cadastral plot — and normalises the Persian and Arabic text around them, so every layer
// above stores one canonical ASCII form and reports field errors with stable codes.
package ident
